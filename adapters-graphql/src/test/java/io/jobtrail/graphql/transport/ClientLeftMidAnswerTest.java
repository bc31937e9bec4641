package io.jobtrail.graphql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

class ClientLeftMidAnswerTest {

  private final Logger handlerLogger =
      (Logger) LoggerFactory.getLogger(ClientLeftMidAnswer.HANDLER_LOGGER);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void installAndListen() {
    new ClientLeftMidAnswer().afterPropertiesSet();
    logged.start();
    handlerLogger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    handlerLogger.detachAppender(logged);
  }

  @Test
  void givenTheSendSchedulerOfAClosedSession_whenTheHandlerLogsIt_thenItIsDropped() {
    // As Spring for GraphQL logs it: through commons-logging, the exception Reactor raises.
    LogFactory.getLog(ClientLeftMidAnswer.HANDLER_LOGGER)
        .error("Closing session due to exception", Exceptions.failWithRejected());

    assertThat(logged.list).isEmpty();
  }

  @Test
  void
      givenASendInterruptedOrRefusedBecauseTheSessionClosed_whenTheHandlerLogsIt_thenItIsDropped() {
    var log = LogFactory.getLog(ClientLeftMidAnswer.HANDLER_LOGGER);
    // Tomcat's own messages, as the handler's send subscriber logs them.
    log.error(
        "Closing session due to exception",
        new java.io.IOException(
            "The current thread was interrupted while waiting for a blocking send to complete"));
    log.error(
        "Closing session due to exception",
        new IllegalStateException(
            "Message will not be sent because the WebSocket session has been closed"));

    assertThat(logged.list).isEmpty();
  }

  @Test
  void givenAnyOtherErrorOfTheHandler_whenLogged_thenItStays() {
    var log = LogFactory.getLog(ClientLeftMidAnswer.HANDLER_LOGGER);
    log.error("Closing session due to exception", new IllegalStateException("broken"));
    log.error("Closing session due to exception", new java.io.IOException("Broken pipe"));
    log.error(
        "Unresolved RejectedExecutionException for request id 7",
        Exceptions.failWithRejected("pool full"));

    assertThat(logged.list).hasSize(3);
  }

  @Test
  void givenTheSameExceptionFromAnotherLogger_whenLogged_thenItStays() {
    Logger other = (Logger) LoggerFactory.getLogger("io.jobtrail.somewhere");
    other.addAppender(logged);
    try {
      other.error("Scheduler gone", Exceptions.failWithRejected());
    } finally {
      other.detachAppender(logged);
    }

    assertThat(logged.list).hasSize(1);
  }

  @Test
  void givenTwoContexts_whenBothInstall_thenTheFilterIsInstalledOnce() {
    new ClientLeftMidAnswer().afterPropertiesSet();

    var context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getTurboFilterList())
        .filteredOn(ClientLeftMidAnswer.LogbackFilter.class::isInstance)
        .hasSize(1);
  }
}
