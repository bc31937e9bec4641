/**
 * The orchestrator: finds running jobs this instance can lease, and drives each through the planner
 * → coder → critique pipeline on a bounded worker pool by sending the job's own commands ({@code
 * StartNextStep}, {@code CompleteAttempt}, {@code FailAttempt}) around the agent calls. Pure Java
 * plus the OpenTelemetry API: bootstrap builds it and binds its ports.
 */
@NullMarked
package io.jobtrail.application.orchestrator;

import org.jspecify.annotations.NullMarked;
