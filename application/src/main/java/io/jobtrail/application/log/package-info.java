/** Log lines per job: a line to store and a stored entry. */
@NullMarked
package io.jobtrail.application.log;

import org.jspecify.annotations.NullMarked;
