package io.jobtrail.bootstrap.config;

import com.zaxxer.hikari.HikariDataSource;
import io.jobtrail.persistence.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without {@code spring.datasource.url}, Jobtrail runs its own PostgreSQL with its data under
 * {@code jobtrail.data-dir}/postgres, kept across restarts. With a URL, Spring Boot's own
 * DataSource is used and this configuration stays out of the way.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabaseConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgresServer embeddedPostgres(JobtrailProperties properties) {
    try {
      return EmbeddedPostgresServer.start(properties.dataDir().resolve("postgres"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  @Bean
  DataSource dataSource(EmbeddedPostgresServer server) {
    var dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(server.jdbcUrl());
    dataSource.setUsername(server.user());
    dataSource.setPassword(server.password());
    dataSource.setMaximumPoolSize(16);
    dataSource.setPoolName("jobtrail");
    return dataSource;
  }
}
