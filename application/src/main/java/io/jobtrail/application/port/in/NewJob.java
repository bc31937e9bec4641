package io.jobtrail.application.port.in;

import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobLimits;
import java.util.Map;

/** What a person asks for when creating a job; {@code start} starts it right away. */
public record NewJob(
    String name,
    String task,
    Map<String, Object> parameters,
    AgentAssignment agents,
    JobLimits limits,
    boolean start) {}
