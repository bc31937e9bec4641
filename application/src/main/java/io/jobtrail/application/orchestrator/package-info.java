/**
 * The orchestrator: drives each running job this instance holds a lease on through the planner →
 * coder → critique pipeline by sending the job's own commands ({@code StartNextStep}, {@code
 * CompleteAttempt}, {@code FailAttempt}) around the agent calls. The domain decides what comes
 * next; this package only asks it, calls agents and records what happened. Pure Java plus the
 * OpenTelemetry API: bootstrap builds it and binds its ports.
 *
 * <h2>One loop per job</h2>
 *
 * Every leased job gets a virtual thread running {@link JobLoop}, which reads top to bottom:
 *
 * <pre>
 * until told to stop (drained, lease lost, halted):
 *   the job (read on the first turn and after a failure; else as its last command left it)
 *   not RUNNING (paused, cancelled, ended)  → let the lease go, end
 *   an attempt in flight (orphaned)         → recover it: FailAttempt(INTERRUPTED), go round
 *   the next attempt is due later           → park until due, or until woken
 *   otherwise                               → take a call permit, StartNextStep,
 *                                             call the agent (at most the step timeout),
 *                                             record the outcome (AttemptRecorder), go round
 * </pre>
 *
 * <ul>
 *   <li>A {@link java.util.concurrent.Semaphore} of {@code workers} permits bounds the attempts in
 *       progress; waiting for a permit is {@code queuedJobs} in the status.
 *   <li>A command on the job sent through this instance ({@link WakingJobControl}) unparks the loop
 *       and lets the running call look at the job's log at once; the control watch does the same
 *       for every running call each {@code controlCheckInterval}, so commands sent elsewhere arrive
 *       too.
 *   <li>Stopping a job's work is one of three calls: {@code drain} (end at the next turn: the
 *       instance is stopping), {@code stop} (also stop the running agent call: a lost lease, the
 *       end of the shutdown grace) and {@code halt} (record nothing more and interrupt the thread,
 *       as if the process died).
 *   <li>A {@code StoreUnavailable} parks the loop briefly (250 ms doubling to 2 s) and it goes
 *       round again; an agent's outcome is kept and recorded once the database is back.
 * </ul>
 *
 * <h2>The classes</h2>
 *
 * <ul>
 *   <li>{@link Orchestrator}: the instance. Claims jobs, renews leases with the heartbeat, runs the
 *       control watch, starts and ends the loops; {@code close} drains, {@code halt} abandons.
 *   <li>{@link JobLoop}: one job, from claim to release. Recovery and the attempt are here.
 *   <li>{@link AgentInvocation}: one agent call on its own thread, with its timeout, its stop
 *       reasons ({@link StopReason}) and the check of the job's log while it runs.
 *   <li>{@link AttemptRecorder}: the one place an outcome ({@link AttemptOutcome}) becomes the
 *       job's command, with the retry delay.
 *   <li>{@link OrchestratorCommands}: commands with their cause and correlation, and the spans.
 *   <li>{@link JobLogSink}: a step's log lines. {@link OrchestratorSettings}, {@link PauseMode}:
 *       configuration.
 * </ul>
 */
@NullMarked
package io.jobtrail.application.orchestrator;

import org.jspecify.annotations.NullMarked;
