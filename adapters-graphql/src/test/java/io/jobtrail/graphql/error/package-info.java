@NullMarked
package io.jobtrail.graphql.error;

import org.jspecify.annotations.NullMarked;
