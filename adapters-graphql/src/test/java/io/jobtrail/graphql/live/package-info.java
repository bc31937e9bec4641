@NullMarked
package io.jobtrail.graphql.live;

import org.jspecify.annotations.NullMarked;
