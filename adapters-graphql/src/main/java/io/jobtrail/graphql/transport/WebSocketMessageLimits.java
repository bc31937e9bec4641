package io.jobtrail.graphql.transport;

import io.jobtrail.graphql.limits.GraphQlLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * One message size limit for both transports: a WebSocket message may be as large as an HTTP
 * request ({@code jobtrail.graphql.max-request-bytes}); a larger one closes the socket with 1009
 * (message too big), the WebSocket protocol's answer, since it cannot be read to answer it.
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketMessageLimits {

  @Bean
  ServletServerContainerFactoryBean webSocketContainer(GraphQlLimits limits) {
    var container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(limits.maxRequestBytes());
    container.setMaxBinaryMessageBufferSize(limits.maxRequestBytes());
    return container;
  }
}
