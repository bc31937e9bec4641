/** How database failures reach the core: an unreachable or timed-out database is retryable. */
@NullMarked
package io.jobtrail.persistence.failure;

import org.jspecify.annotations.NullMarked;
