package io.jobtrail.agents.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.agents.Calls;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamedLinesTest {

  private final Calls.Lines log = new Calls.Lines();
  private final AtomicLong now = new AtomicLong();
  private final StreamedLines lines = new StreamedLines(log, now::get);

  @Test
  void givenPiecesOfLines_whenTheirNewlinesArrive_thenEachLineIsOneEntry() {
    for (String piece : new String[] {"fir", "st li", "ne\nsec", "ond\r\n", "\n", "  ", "third"}) {
      lines.append(piece);
    }

    assertThat(log.lines()).containsExactly("INFO first line", "INFO second");

    lines.flush();

    assertThat(log.lines())
        .as("the blank line is not logged; the open one is at the end")
        .containsExactly("INFO first line", "INFO second", "INFO   third");
  }

  @Test
  void givenALineThatGrowsPastTheSizeBound_whenAppended_thenItIsLoggedInParts() {
    String piece = "x".repeat(100);
    for (int i = 0; i < 25; i++) {
      lines.append(piece);
    }

    assertThat(log.lines())
        .containsExactly(
            "INFO " + "x".repeat(StreamedLines.MAX_CHARS),
            "INFO " + "x".repeat(StreamedLines.MAX_CHARS));

    lines.flush();

    assertThat(log.lines()).last().isEqualTo("INFO " + "x".repeat(500));
  }

  @Test
  void givenALineOpenLongerThanTheAgeBound_whenMoreTextArrives_thenItIsLoggedAsFarAsItGoes() {
    lines.append("a slow");
    now.addAndGet(StreamedLines.MAX_WAIT.toNanos() - 1);
    lines.append(" line");

    assertThat(log.lines()).as("still within the bound").isEmpty();

    now.addAndGet(1);
    lines.append(" goes on");

    assertThat(log.lines()).containsExactly("INFO a slow line goes on");

    lines.append(" and ends\n");

    assertThat(log.lines()).containsExactly("INFO a slow line goes on", "INFO  and ends");
  }

  @Test
  void givenNothingOpen_whenFlushed_thenNothingIsLogged() {
    lines.append("done\n");
    lines.flush();

    assertThat(log.lines()).containsExactly("INFO done");
  }
}
