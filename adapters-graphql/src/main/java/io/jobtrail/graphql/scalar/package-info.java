@NullMarked
package io.jobtrail.graphql.scalar;

import org.jspecify.annotations.NullMarked;
