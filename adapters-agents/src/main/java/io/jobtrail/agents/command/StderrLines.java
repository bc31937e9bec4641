package io.jobtrail.agents.command;

import io.jobtrail.application.log.LogLevel;
import io.jobtrail.application.port.out.AgentLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Reads a process's stderr line by line: each line goes to the job's log as it arrives (its level
 * from a leading {@code ERROR}, {@code WARN} or {@code DEBUG}, else INFO), and the last lines are
 * kept for the error of a failed attempt.
 */
final class StderrLines implements Runnable {

  private static final int TAIL_LINES = 20;
  private static final int TAIL_CHARS = 4_000;

  private final InputStream stderr;
  private final AgentLog log;
  private final Deque<String> tail = new ArrayDeque<>();

  StderrLines(InputStream stderr, AgentLog log) {
    this.stderr = stderr;
    this.log = log;
  }

  @Override
  public void run() {
    try (var reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        remember(line);
        log.log(levelOf(line), line);
      }
    } catch (IOException closed) {
      // The process was killed; what was read is kept.
    }
  }

  private synchronized void remember(String line) {
    tail.addLast(line);
    while (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
  }

  /** The last lines of stderr, at most a few thousand characters. */
  synchronized String tail() {
    String text = String.join("\n", tail);
    return text.length() <= TAIL_CHARS ? text : "…" + text.substring(text.length() - TAIL_CHARS);
  }

  static LogLevel levelOf(String line) {
    String start = line.stripLeading().toUpperCase(Locale.ROOT);
    if (start.startsWith("ERROR") || start.startsWith("FATAL")) {
      return LogLevel.ERROR;
    }
    if (start.startsWith("WARN")) {
      return LogLevel.WARN;
    }
    if (start.startsWith("DEBUG") || start.startsWith("TRACE")) {
      return LogLevel.DEBUG;
    }
    return LogLevel.INFO;
  }
}
