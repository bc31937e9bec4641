package io.jobtrail.application.orchestrator;

/** Why the orchestrator stopped an agent call before it ended by itself. */
enum StopReason {
  CANCELLED("the job was cancelled"),
  PAUSED("the job was paused"),
  SUPERSEDED("another instance closed this attempt"),
  LEASE_LOST("this instance lost the job's lease"),
  SHUTDOWN("the instance is stopping");

  private final String description;

  StopReason(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }
}
