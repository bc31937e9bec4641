package io.jobtrail.application.readmodel;

import java.time.Instant;

/** An orchestrator instance as its heartbeats describe it. */
public record OrchestratorInstance(
    String id, Instant startedAt, Instant lastHeartbeat, int runningJobs) {}
