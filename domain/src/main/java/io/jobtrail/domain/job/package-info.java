/**
 * The job aggregate: events, commands, state and the pure {@code decide} / {@code evolve} / {@code
 * replay} functions. No framework, no clock, no random source.
 */
@NullMarked
package io.jobtrail.domain.job;

import org.jspecify.annotations.NullMarked;
