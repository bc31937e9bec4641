package io.jobtrail.bootstrap.config;

import com.zaxxer.hikari.HikariDataSource;
import io.jobtrail.persistence.embedded.EmbeddedPostgresServer;
import io.jobtrail.persistence.failure.StoreFailureListener;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.ExecuteContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jooq.autoconfigure.ExceptionTranslatorExecuteListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The connection pool, on the embedded server or on {@code spring.datasource.url}, with every wait
 * bounded ({@code jobtrail.database.*}): a connection from the pool, a statement, a lock, a silent
 * socket. A call that cannot reach PostgreSQL so fails within about the connection timeout, and the
 * store reports it as {@code StoreUnavailable}.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

  @Bean(destroyMethod = "close")
  DataSource dataSource(
      JobtrailProperties properties,
      Environment environment,
      ObjectProvider<EmbeddedPostgresServer> embedded) {
    var database = properties.database();
    if (database.connectionTimeout().toMillis() < 250) {
      throw new InvalidConfiguration(
          "jobtrail.database.connection-timeout must be at least 250ms, not "
              + database.connectionTimeout(),
          "set jobtrail.database.connection-timeout to 250ms or more (default 1500ms)");
    }
    if (database.socketTimeout().compareTo(database.statementTimeout()) <= 0) {
      throw new InvalidConfiguration(
          "jobtrail.database.socket-timeout must be longer than jobtrail.database.statement-timeout",
          "raise jobtrail.database.socket-timeout (default 15s) above the statement timeout");
    }
    if (database.poolSize() < 2) {
      throw new InvalidConfiguration(
          "jobtrail.database.pool-size must be at least 2, not " + database.poolSize(),
          "set jobtrail.database.pool-size to 2 or more (default 16)");
    }
    var pool = new HikariDataSource();
    String url = environment.getProperty("spring.datasource.url", "");
    if (url.isBlank()) {
      EmbeddedPostgresServer server = embedded.getObject();
      pool.setJdbcUrl(server.jdbcUrl());
      pool.setUsername(server.user());
      pool.setPassword(server.password());
    } else {
      pool.setJdbcUrl(url);
      String user = environment.getProperty("spring.datasource.username", "");
      if (!user.isBlank()) {
        pool.setUsername(user);
        pool.setPassword(environment.getProperty("spring.datasource.password", ""));
      }
    }
    pool.setPoolName("jobtrail");
    pool.setMaximumPoolSize(database.poolSize());
    pool.setConnectionTimeout(database.connectionTimeout().toMillis());
    pool.setValidationTimeout(
        Math.max(250, Math.min(1_000, database.connectionTimeout().toMillis() / 2)));
    pool.addDataSourceProperty("connectTimeout", seconds(database.connectionTimeout()));
    pool.addDataSourceProperty("socketTimeout", seconds(database.socketTimeout()));
    pool.addDataSourceProperty("tcpKeepAlive", "true");
    pool.addDataSourceProperty(
        "options",
        "-c statement_timeout="
            + database.statementTimeout().toMillis()
            + " -c lock_timeout="
            + database.lockTimeout().toMillis());
    return pool;
  }

  /**
   * jOOQ failures reach the core as they are, or as {@code StoreUnavailable} when they mean the
   * database is away; in place of Spring Boot's translation into Spring's exceptions, which also
   * logs every failed statement at ERROR (a flood while the database is away). The adapters are
   * tested without that translation, and the API logs a real failure once, under its error id.
   */
  @Bean
  ExceptionTranslatorExecuteListener jooqExceptionTranslator() {
    var failures = new StoreFailureListener();
    return new ExceptionTranslatorExecuteListener() {
      @Override
      public void exception(ExecuteContext context) {
        failures.exception(context);
      }
    };
  }

  private static String seconds(Duration duration) {
    return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1_000));
  }
}
