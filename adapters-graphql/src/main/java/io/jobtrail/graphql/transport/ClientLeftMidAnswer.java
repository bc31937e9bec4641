package io.jobtrail.graphql.transport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Drops the one ERROR of Spring for GraphQL's WebSocket handler that reports no fault: a client
 * closed its socket while an answer was still on its way (between a query's {@code next} and its
 * {@code complete}, say). The handler disposes the session's send scheduler when the socket closes,
 * so the last message, which has nowhere to go, fails with "Scheduler unavailable", and the handler
 * logs that as "Closing session due to exception" with a stack trace. Spring for GraphQL 2.0.6
 * fixed the neighbouring races (spring-graphql#1451, #1503, #1517), not this one. Anything else
 * that handler logs, and this exception from any other logger, is left alone.
 */
@Component
public final class ClientLeftMidAnswer extends TurboFilter implements InitializingBean {

  static final String HANDLER_LOGGER =
      "org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    boolean sendSchedulerGone =
        t instanceof RejectedExecutionException && "Scheduler unavailable".equals(t.getMessage());
    return sendSchedulerGone && HANDLER_LOGGER.equals(logger.getName())
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }

  /** Installs this filter once in Logback's context (Spring Boot resets it at every start). */
  @Override
  public void afterPropertiesSet() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getTurboFilterList().stream().noneMatch(ClientLeftMidAnswer.class::isInstance)) {
      start();
      context.addTurboFilter(this);
    }
  }
}
