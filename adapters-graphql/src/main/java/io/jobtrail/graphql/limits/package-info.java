/** Protection against hostile or runaway requests. */
@NullMarked
package io.jobtrail.graphql.limits;

import org.jspecify.annotations.NullMarked;
