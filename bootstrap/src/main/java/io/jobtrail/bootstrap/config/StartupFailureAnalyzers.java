package io.jobtrail.bootstrap.config;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a failed start into one line of what is wrong and one of what to set (Spring Boot prints
 * them instead of the stack trace). Registered in {@code META-INF/spring.factories}.
 */
public final class StartupFailureAnalyzers {

  private StartupFailureAnalyzers() {}

  /** A mistake found by Jobtrail's own checks. */
  public static final class Configuration extends AbstractFailureAnalyzer<InvalidConfiguration> {
    @Override
    protected FailureAnalysis analyze(Throwable root, InvalidConfiguration cause) {
      return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
  }

  /** PostgreSQL cannot be reached, or refuses the credentials or the database. */
  public static final class Database extends AbstractFailureAnalyzer<SQLException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, SQLException cause) {
      String state = cause.getSQLState() == null ? "" : cause.getSQLState();
      String reason =
          cause instanceof SQLTransientConnectionException || state.startsWith("08")
              ? "cannot reach PostgreSQL"
              : "PostgreSQL refused the connection (" + firstLine(cause.getMessage()) + ")";
      return new FailureAnalysis(
          reason + " at the configured spring.datasource.url",
          "start PostgreSQL, or correct SPRING_DATASOURCE_URL, _USERNAME and _PASSWORD (leave"
              + " SPRING_DATASOURCE_URL unset to run the embedded PostgreSQL)",
          cause);
    }

    private static String firstLine(String message) {
      if (message == null) {
        return "no message";
      }
      int newline = message.indexOf('\n');
      return newline < 0 ? message : message.substring(0, newline);
    }
  }
}
