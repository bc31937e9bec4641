/** What agent calls cost: the price table per model. */
@NullMarked
package io.jobtrail.application.usage;

import org.jspecify.annotations.NullMarked;
