package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.bootstrap.JobtrailApplication;
import io.jobtrail.persistence.testing.TestDatabase;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A configuration mistake ends the start with what is wrong and what to set, not a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupErrorsTest {

  private static final TestDatabase DATABASE = TestDatabase.createFresh();

  @AfterAll
  static void dropDatabase() {
    DATABASE.close();
  }

  private static void start(String... properties) throws Exception {
    var all =
        new ArrayList<>(
            List.of(
                "server.port=0",
                "spring.main.banner-mode=off",
                "jobtrail.data-dir=" + Files.createTempDirectory("jobtrail-startup"),
                "jobtrail.orchestrator.enabled=false"));
    all.addAll(List.of(properties));
    new SpringApplicationBuilder(JobtrailApplication.class)
        .properties(all.toArray(String[]::new))
        .run()
        .close();
  }

  private static String[] database() {
    return new String[] {
      "spring.datasource.url=" + DATABASE.jdbcUrl(),
      "spring.datasource.username=" + (DATABASE.user() == null ? "" : DATABASE.user()),
      "spring.datasource.password=" + (DATABASE.password() == null ? "" : DATABASE.password())
    };
  }

  private static String[] with(String[] base, String... more) {
    var all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static void assertReported(CapturedOutput output, String problem, String action) {
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains(problem)
        .contains(action)
        .doesNotContain("\tat org.springframework.beans");
  }

  @Test
  void givenATokenTooShort_whenStarting_thenOneLineSaysWhichAndWhatToSet(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    with(
                        database(),
                        "jobtrail.security.tokens[0].token=short",
                        "jobtrail.security.tokens[0].role=ADMIN")))
        .isNotNull();

    assertReported(
        output,
        "jobtrail.security.tokens[0].token is too short (5 characters)",
        "at least 16 characters");
    assertThat(output.getOut() + output.getErr()).doesNotContain("=short");
  }

  @Test
  void givenAShutdownGraceLongerThanTheTimeout_whenStarting_thenSaidWhatToLower(
      CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    with(
                        database(),
                        "jobtrail.security.tokens[0].token=startup-token-0123456789",
                        "jobtrail.orchestrator.shutdown-grace=20s")))
        .isNotNull();

    assertReported(
        output,
        "jobtrail.orchestrator.shutdown-grace (PT20S) must be shorter than jobtrail.shutdown.timeout",
        "lower jobtrail.orchestrator.shutdown-grace");
  }

  @Test
  void givenAnUnreachableDatabase_whenStarting_thenSaidHowToPointAtOne(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                    "jobtrail.security.tokens[0].token=startup-token-0123456789"))
        .isNotNull();

    assertReported(output, "cannot reach PostgreSQL", "SPRING_DATASOURCE_URL");
  }

  @Test
  void givenAnInvalidWorkerCount_whenStarting_thenTheSettingIsNamed(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    with(
                        database(),
                        "jobtrail.security.tokens[0].token=startup-token-0123456789",
                        "jobtrail.orchestrator.workers=0")))
        .isNotNull();

    assertReported(
        output,
        "jobtrail.orchestrator.*: workers must be between 1 and 1000",
        "correct jobtrail.orchestrator.*");
  }
}
