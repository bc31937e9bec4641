package io.jobtrail.graphql.transport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Drops the ERRORs of Spring for GraphQL's WebSocket handler that report no fault: a client closed
 * its socket while an answer was still on its way (between a query's {@code next} and its {@code
 * complete}, say). The handler disposes the session's send scheduler when the socket closes, so the
 * answer that has nowhere to go fails in one of three ways, each certain to mean the socket is
 * already closed: the scheduler refuses it ("Scheduler unavailable"), the send that was blocking is
 * interrupted by the disposal, or Tomcat refuses to send on a closed session. The handler logs each
 * as "Closing session due to exception" with a stack trace. Spring for GraphQL 2.0.6 fixed
 * neighbouring races (spring-graphql#1451, #1503, #1517), not these. Anything else that handler
 * logs, and these exceptions from any other logger, are left alone.
 *
 * <p>The filter is Logback's (Spring Boot's default); with another logging backend nothing is
 * installed.
 */
@Component
public final class ClientLeftMidAnswer implements InitializingBean {

  static final String HANDLER_LOGGER =
      "org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler";

  /** True for those events: the handler's logger, an answer sent to a socket already closed. */
  static boolean reportsNoFault(String loggerName, @Nullable Throwable thrown) {
    return HANDLER_LOGGER.equals(loggerName) && sentAfterClose(thrown);
  }

  private static boolean sentAfterClose(@Nullable Throwable thrown) {
    String message = thrown == null ? null : thrown.getMessage();
    if (message == null) {
      return false;
    }
    return switch (thrown) {
      case RejectedExecutionException e -> message.equals("Scheduler unavailable");
      case IOException e -> message.contains("interrupted while waiting for a blocking send");
      case IllegalStateException e -> message.contains("the WebSocket session has been closed");
      default -> false;
    };
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
