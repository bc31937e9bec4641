package io.jobtrail.agents.openai;

import io.jobtrail.application.port.out.AgentLog;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Streamed text to the call's log in whole lines, never an entry per token: the text is gathered
 * and each line becomes one entry when its newline arrives. A line still open is logged as far as
 * it goes once it reaches {@link #MAX_CHARS} or has been open for {@link #MAX_WAIT} (checked as
 * text arrives), so a long paragraph shows up while it streams. Blank lines are not logged.
 */
final class StreamedLines {

  static final int MAX_CHARS = 1_000;
  static final Duration MAX_WAIT = Duration.ofSeconds(2);

  private final AgentLog log;
  private final LongSupplier nanoTime;
  private final StringBuilder open = new StringBuilder();
  private long openSince;

  StreamedLines(AgentLog log) {
    this(log, System::nanoTime);
  }

  StreamedLines(AgentLog log, LongSupplier nanoTime) {
    this.log = log;
    this.nanoTime = nanoTime;
  }

  void append(String text) {
    if (text.isEmpty()) {
      return;
    }
    if (open.isEmpty()) {
      openSince = nanoTime.getAsLong();
    }
    open.append(text);
    int newline;
    while ((newline = open.indexOf("\n")) >= 0) {
      write(open.substring(0, newline));
      open.delete(0, newline + 1);
      openSince = nanoTime.getAsLong();
    }
    while (open.length() >= MAX_CHARS) {
      // Not between the two halves of a surrogate pair.
      int end = Character.isHighSurrogate(open.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
      write(open.substring(0, end));
      open.delete(0, end);
      openSince = nanoTime.getAsLong();
    }
    if (!open.isEmpty() && nanoTime.getAsLong() - openSince >= MAX_WAIT.toNanos()) {
      flush();
    }
  }

  /** Logs the line still open, if any (at the end of the stream, whichever way it ended). */
  void flush() {
    if (!open.isEmpty()) {
      write(open.toString());
      open.setLength(0);
    }
  }

  private void write(String line) {
    String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    if (!text.isBlank()) {
      log.info(text);
    }
  }
}
