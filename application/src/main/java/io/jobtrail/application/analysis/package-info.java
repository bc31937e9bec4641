/** A job's family by replays, and figures across a family or a filter of jobs. */
@NullMarked
package io.jobtrail.application.analysis;

import org.jspecify.annotations.NullMarked;
