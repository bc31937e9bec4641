package io.jobtrail.application.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.ReplayOrigin;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store writes the canonical form from documents it has already serialised; that must be the
 * very text verification computes from the documents it reads back.
 */
class EventHashingTest {

  @Test
  void givenEveryKindOfEvent_whenItsCanonicalFormIsBuiltFromWrittenDocuments_thenTheSameText() {
    var origin = new ReplayOrigin(JobStory.newJobId(), 4, Map.of("depth", 3, "ratio", 0.5));
    JobStory story =
        JobStory.create(JobStory.richCommand(JobStory.newJobId(), "canonical", JobStory.T0, origin))
            .start()
            .pause("a \"quoted\"\nreason")
            .resume()
            .nextStep()
            .fail(FailureKind.ERROR, "tab\there", Duration.ofMillis(250))
            .advance(Duration.ofSeconds(1))
            .runToApproval(1);
    Map<String, Object> metadata = EventHashing.metadataDocument(StoryWriter.METADATA);
    long version = 0;
    for (JobEvent event : story.events()) {
      version++;
      Map<String, Object> data = EventDocuments.write(event);
      UUID id = UUID.randomUUID();
      String fromMaps =
          EventHashing.canonicalForm(
              HashScheme.CURRENT,
              id,
              story.jobId(),
              version,
              event.eventType(),
              2,
              event.at(),
              data,
              metadata);
      String fromWritten =
          EventHashing.canonicalForm(
              id,
              story.jobId(),
              version,
              event.eventType(),
              2,
              event.at(),
              new CanonicalJson.Written(CanonicalJson.write(data)),
              new CanonicalJson.Written(CanonicalJson.write(metadata)));
      assertThat(fromWritten).as(event.eventType()).isEqualTo(fromMaps);
    }
  }

  @Test
  void givenWholeNumbersOfEveryWidth_whenWritten_thenAsTheirDecimalValueWithoutExponent() {
    for (long n : List.of(0L, 1L, -1L, 10L, 100L, 1_000_000L, Long.MAX_VALUE, Long.MIN_VALUE)) {
      String expected = new BigDecimal(n).toPlainString();
      assertThat(CanonicalJson.write(n)).isEqualTo(expected);
      if (n == (int) n) {
        assertThat(CanonicalJson.write((int) n)).isEqualTo(expected);
      }
    }
    assertThat(CanonicalJson.write(100.0)).isEqualTo("100");
    assertThat(CanonicalJson.write(0.25)).isEqualTo("0.25");
    assertThat(CanonicalJson.write(Map.of("b", 1, "a", List.of(2L, 1.5))))
        .isEqualTo("{\"a\":[2,1.5],\"b\":1}");
  }
}
