package io.jobtrail.graphql.transport;

import io.jobtrail.graphql.limits.GraphQlLimits;
import org.springframework.boot.graphql.autoconfigure.GraphQlCorsProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GraphQL WebSocket handler, built as Spring Boot builds it (its bean backs off for this one)
 * from the same settings, the application's JSON mapper, and the message size limit, with each
 * session's sends on a virtual thread ({@link VirtualSessionThreads}).
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketTransport {

  @Bean
  GraphQlWebSocketHandler graphQlWebSocketHandler(
      WebGraphQlHandler graphQlHandler,
      GraphQlProperties properties,
      GraphQlCorsProperties cors,
      JsonMapper json,
      GraphQlLimits limits) {
    VirtualSessionThreads.install();
    return new WholeMessagesFromParts(
        graphQlHandler,
        new JacksonJsonHttpMessageConverter(json),
        properties.getWebsocket().getConnectionInitTimeout(),
        properties.getWebsocket().getKeepAlive(),
        cors.toCorsConfiguration(),
        limits.maxRequestBytes());
  }
}
