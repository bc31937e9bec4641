/**
 * The simulated agent: no model, no process, just deterministic answers from a seed with
 * configurable latency, failure injection and scripted critique verdicts. For demos, tests and
 * benchmarks.
 */
@NullMarked
package io.jobtrail.agents.simulated;

import org.jspecify.annotations.NullMarked;
