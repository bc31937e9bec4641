package io.jobtrail.application.port.out;

import io.jobtrail.application.log.LogLevel;

/** Where an agent writes its log lines; each becomes an entry of the job's log. */
@FunctionalInterface
public interface AgentLog {

  /** Drops every line (for callers that keep no log). */
  AgentLog DISCARD = (level, message) -> {};

  void log(LogLevel level, String message);

  default void info(String message) {
    log(LogLevel.INFO, message);
  }

  default void warn(String message) {
    log(LogLevel.WARN, message);
  }

  default void error(String message) {
    log(LogLevel.ERROR, message);
  }
}
