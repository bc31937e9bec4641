package io.jobtrail.bootstrap.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.view.JobView;
import io.jobtrail.bootstrap.JobtrailApplication;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** With no database configured, Jobtrail runs embedded PostgreSQL whose data outlives a restart. */
class EmbeddedRestartTest {

  @TempDir Path dataDir;

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(JobtrailApplication.class)
        .properties(
            "server.port=0", "jobtrail.data-dir=" + dataDir, "jobtrail.orchestrator.enabled=false")
        .run();
  }

  @Test
  void givenJobCreated_whenRestartedOnTheSameDataDirectory_thenTheJobIsStillThere() {
    JobId id;
    try (var first = start()) {
      var state =
          first
              .getBean(CreateJob.class)
              .create(
                  new NewJob(
                      "survivor",
                      "outlive a restart",
                      Map.of("answer", 42),
                      AgentAssignment.ALL_SIMULATED,
                      JobLimits.DEFAULT,
                      false),
                  CommandOrigin.user("tester"));
      id = state.id();
    }
    assertThat(dataDir.resolve("postgres")).isDirectory();
    assertThat(Files.exists(dataDir.resolve("admin-token"))).isTrue();

    try (var second = start()) {
      var job = second.getBean(QueryJobs.class).job(id).orElseThrow();
      assertThat(job.name()).isEqualTo("survivor");
      assertThat(job.status()).isEqualTo(JobView.Status.PENDING);
      assertThat(job.parameters()).containsEntry("answer", 42L);
      assertThat(second.getBean(QueryJobs.class).events(id, 0, 10)).hasSize(1);
    }
  }
}
