package io.jobtrail.bootstrap.cluster;

import io.jobtrail.bootstrap.JobtrailApplication;
import io.jobtrail.persistence.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Whole Jobtrail instances (Spring contexts on random ports) sharing one PostgreSQL database. */
final class Instances {

  static final String TOKEN = "cluster-admin-token-0123456789";

  private Instances() {}

  static ConfigurableApplicationContext start(
      TestDatabase database, String instanceId, String... extraProperties) {
    try {
      var properties =
          new ArrayList<>(
              List.of(
                  "server.port=0",
                  "spring.datasource.url=" + database.jdbcUrl(),
                  "spring.datasource.username=" + orEmpty(database.user()),
                  "spring.datasource.password=" + orEmpty(database.password()),
                  "jobtrail.data-dir=" + Files.createTempDirectory("jobtrail-" + instanceId),
                  "jobtrail.instance-id=" + instanceId,
                  "jobtrail.security.tokens[0].token=" + TOKEN,
                  "jobtrail.security.tokens[0].role=ADMIN",
                  "jobtrail.security.tokens[0].user=cluster-test",
                  "jobtrail.orchestrator.lease-duration=2s",
                  "jobtrail.orchestrator.poll-interval=100ms",
                  "jobtrail.live.poll-interval=200ms"));
      properties.addAll(List.of(extraProperties));
      return new SpringApplicationBuilder(JobtrailApplication.class)
          .properties(properties.toArray(String[]::new))
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
