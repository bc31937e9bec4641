@NullMarked
package io.jobtrail.graphql.replay;

import org.jspecify.annotations.NullMarked;
