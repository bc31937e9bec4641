package io.jobtrail.graphql.transport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Drops the one ERROR of Spring for GraphQL's WebSocket handler that reports no fault: a client
 * closed its socket while an answer was still on its way (between a query's {@code next} and its
 * {@code complete}, say). The handler disposes the session's send scheduler when the socket closes,
 * so the last message, which has nowhere to go, fails with "Scheduler unavailable", and the handler
 * logs that as "Closing session due to exception" with a stack trace. Spring for GraphQL 2.0.6
 * fixed the neighbouring races (spring-graphql#1451, #1503, #1517), not this one. Anything else
 * that handler logs, and this exception from any other logger, is left alone.
 *
 * <p>The filter is Logback's (Spring Boot's default); with another logging backend nothing is
 * installed.
 */
@Component
public final class ClientLeftMidAnswer implements InitializingBean {

  static final String HANDLER_LOGGER =
      "org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler";

  /** True for that event: the handler's logger, the session's send scheduler gone. */
  static boolean reportsNoFault(String loggerName, @Nullable Throwable thrown) {
    return HANDLER_LOGGER.equals(loggerName)
        && thrown instanceof RejectedExecutionException
        && "Scheduler unavailable".equals(thrown.getMessage());
  }

  /** Installs the filter once in Logback's context (Spring Boot resets it at every start). */
  @Override
  public void afterPropertiesSet() {
    if (ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", null)) {
      LogbackFilter.install();
    }
  }

  static final class LogbackFilter extends TurboFilter {

    private static void install() {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
          && context.getTurboFilterList().stream().noneMatch(LogbackFilter.class::isInstance)) {
        var filter = new LogbackFilter();
        filter.start();
        context.addTurboFilter(filter);
      }
    }

    @Override
    public FilterReply decide(
        Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
      return reportsNoFault(logger.getName(), t) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
  }
}
