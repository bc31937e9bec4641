package io.jobtrail.application.log;

/** How important a log line is. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR
}
