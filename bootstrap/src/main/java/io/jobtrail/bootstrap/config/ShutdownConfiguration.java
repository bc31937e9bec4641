package io.jobtrail.bootstrap.config;

import io.jobtrail.application.orchestrator.Orchestrator;
import io.jobtrail.persistence.embedded.EmbeddedPostgresServer;
import jakarta.websocket.server.ServerContainer;
import java.time.Duration;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.context.WebApplicationContext;

/**
 * The order of a graceful stop (SIGTERM): first the orchestrator (it stops claiming, lets running
 * agent calls finish within {@code jobtrail.orchestrator.shutdown-grace}, records the rest as
 * interrupted and releases every lease) while the API still serves; then the web server (new
 * connections refused, requests in flight finished, WebSocket sessions closed with 1001 going away
 * so clients resume elsewhere); then the live reader and the connection pool; the embedded
 * PostgreSQL last. When {@code jobtrail.shutdown.exit-on-timeout} is set (the runnable jar sets
 * it), a watchdog ends the process once {@code jobtrail.shutdown.timeout} has passed, stopping the
 * embedded PostgreSQL first.
 */
@Configuration(proxyBeanMethods = false)
public class ShutdownConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownConfiguration.class);

  @Bean
  ApplicationListener<ContextClosedEvent> orderlyShutdown(
      JobtrailProperties properties,
      ObjectProvider<Orchestrator> orchestrator,
      ObjectProvider<EmbeddedPostgresServer> embedded,
      ConfigurableApplicationContext context) {
    boolean exitOnTimeout =
        context
            .getEnvironment()
            .getProperty("jobtrail.shutdown.exit-on-timeout", Boolean.class, false);
    Duration timeout = properties.shutdown().timeout();
    return event -> {
      if (event.getApplicationContext() != context) {
        return;
      }
      if (exitOnTimeout) {
        Thread.ofPlatform()
            .daemon()
            .name("jobtrail-shutdown-watchdog")
            .start(() -> watchdog(timeout, embedded));
      }
      LOG.info("Stopping: the orchestrator lets running steps finish, then releases its jobs");
      orchestrator.ifAvailable(Orchestrator::close);
      closeWebSockets(context);
    };
  }

  /**
   * Closes every WebSocket with 1001 (going away), so subscribers resume on another instance from
   * their cursor; the server's own stop would only drop the connections.
   */
  private static void closeWebSockets(ConfigurableApplicationContext context) {
    if (context instanceof WebApplicationContext web
        && web.getServletContext() != null
        && web.getServletContext().getAttribute(ServerContainer.class.getName())
            instanceof WsWebSocketContainer container) {
      container.destroy();
    }
  }

  private static void watchdog(Duration timeout, ObjectProvider<EmbeddedPostgresServer> embedded) {
    try {
      Thread.sleep(timeout);
    } catch (InterruptedException e) {
      return;
    }
    LOG.error("Stopping took longer than {}: exiting now", timeout);
    embedded.ifAvailable(
        server -> {
          try {
            server.close();
          } catch (Exception e) {
            LOG.warn("could not stop the embedded PostgreSQL", e);
          }
        });
    Runtime.getRuntime().halt(1);
  }
}
