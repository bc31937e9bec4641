package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.security.Credentials;
import io.jobtrail.bootstrap.api.RunningJobtrail;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job stored before inline secrets were refused (written here past the API's check, straight
 * through the command handler) shows its secrets masked wherever the API shows its settings.
 */
class SecretMaskingTest extends RunningJobtrail {

  @Autowired JobCommandHandler handler;

  @Test
  void givenAStoredInlineSecret_whenTheJobIsRead_thenEveryCopyOfItIsMasked() {
    JobId id = new JobId(UUID.randomUUID());
    var coder =
        new AgentSpec(
            "openai",
            Map.of("model", "m", "apiKey", "sk-stored-long-ago", "apiKeyEnv", "X_API_KEY"));
    handler.handle(
        id,
        new JobCommand.CreateJob(
            id,
            "masked",
            "t",
            Map.of("password", "hunter2", "tone", "dry"),
            new AgentAssignment(AgentSpec.SIMULATED, coder, AgentSpec.SIMULATED),
            JobLimits.DEFAULT,
            "test",
            null,
            Instant.now().truncatedTo(ChronoUnit.MICROS)),
        CommandOrigin.user("test"));

    String json =
        graphQl(VIEWER)
            .document(
                "{ job(id: \""
                    + id
                    + "\") { parameters agents { coder { kind settings } }"
                    + " steps { attempts { input } } events { eventData } } }")
            .execute()
            .path("job")
            .entity(Object.class)
            .get()
            .toString();

    assertThat(json)
        .doesNotContain("sk-stored-long-ago", "hunter2")
        .contains(Credentials.MASK)
        .contains("X_API_KEY")
        .contains("dry");
  }
}
