/**
 * Live delivery: one reader per instance follows the global log and hands each new event to the
 * subscribers of its job, whichever instance wrote it.
 */
@NullMarked
package io.jobtrail.application.live;

import org.jspecify.annotations.NullMarked;
