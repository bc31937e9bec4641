/**
 * The command agent: runs a configured executable per call, the step's input as JSON on stdin, its
 * output as JSON on stdout, stderr lines into the job's log.
 */
@NullMarked
package io.jobtrail.agents.command;

import org.jspecify.annotations.NullMarked;
