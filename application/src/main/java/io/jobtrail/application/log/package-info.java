/** Agents' log lines per job: what is written, what is stored, and how it is read. */
@NullMarked
package io.jobtrail.application.log;

import org.jspecify.annotations.NullMarked;
