/** Test fixtures shared with other modules through this module's test-jar. */
@NullMarked
package io.jobtrail.persistence.testing;

import org.jspecify.annotations.NullMarked;
