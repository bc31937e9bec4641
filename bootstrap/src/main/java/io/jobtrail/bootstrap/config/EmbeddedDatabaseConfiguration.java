package io.jobtrail.bootstrap.config;

import io.jobtrail.persistence.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without {@code spring.datasource.url}, Jobtrail runs its own PostgreSQL with its data under
 * {@code jobtrail.data-dir}/postgres, kept across restarts. It is stopped when the application
 * context closes, after everything that uses the database (never by a JVM hook of its own, which
 * would stop it while the orchestrator still records and releases its jobs).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabaseConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgresServer embeddedPostgres(JobtrailProperties properties) {
    var directory = properties.dataDir().resolve("postgres").toAbsolutePath();
    try {
      return EmbeddedPostgresServer.builder(directory).stopAtJvmExit(false).start();
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfiguration(
          "could not start the embedded PostgreSQL in " + directory + " (" + e.getMessage() + ")",
          "make jobtrail.data-dir writable and free (no other Jobtrail using it), or set"
              + " SPRING_DATASOURCE_URL to use a PostgreSQL server");
    }
  }
}
