package io.jobtrail.graphql.transport;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.jobtrail.graphql.error.ErrorCode;
import io.jobtrail.graphql.error.HttpErrorBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * GraphQL over HTTP GET (the GraphQL-over-HTTP convention): {@code query}, {@code variables}
 * (JSON), {@code operationName} as URL parameters, for queries only; a mutation or subscription
 * answers 405 and names the right transport. The request runs through the same interceptors, limits
 * and authentication as a POST.
 */
@Component
public class GraphQlGetController {

  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  private static final MediaType GRAPHQL_RESPONSE =
      MediaType.parseMediaType(HttpErrorBodies.GRAPHQL_RESPONSE);

  private final WebGraphQlHandler graphQl;
  private final JsonMapper json = JsonMapper.builder().build();

  public GraphQlGetController(WebGraphQlHandler graphQl) {
    this.graphQl = graphQl;
  }

  /**
   * Routed before Spring Boot's own GraphQL routes, which answer every GET on the endpoint with
   * 405.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  static RouterFunction<ServerResponse> graphQlGetRoute(GraphQlGetController controller) {
    return RouterFunctions.route()
        .GET(
            "/graphql",
            request -> {
              ResponseEntity<byte[]> answer =
                  controller.get(
                      request.param("query").orElse(null),
                      request.param("variables").orElse(null),
                      request.param("operationName").orElse(null),
                      request.servletRequest());
              return ServerResponse.status(answer.getStatusCode())
                  .headers(headers -> headers.addAll(answer.getHeaders()))
                  .body(answer.getBody() == null ? new byte[0] : answer.getBody());
            })
        // A POST that is not JSON matches none of Spring's routes, which then answer 415 with no
        // body: answer it here, in the GraphQL shape.
        .POST(
            "/graphql",
            request -> !isJson(request.headers().contentType().orElse(null)),
            request ->
                ServerResponse.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .contentType(GRAPHQL_RESPONSE)
                    .header(HttpHeaders.ACCEPT, "application/json, application/graphql")
                    .body(
                        HttpErrorBodies.graphQl(
                            ErrorCode.BAD_USER_INPUT,
                            "send the request as JSON: Content-Type: application/json")))
        .build();
  }

  private static boolean isJson(@Nullable MediaType type) {
    return type != null
        && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
            || "graphql".equals(type.getSubtype())
            || type.getSubtype().endsWith("+json"));
  }

  ResponseEntity<byte[]> get(
      @Nullable String query,
      @Nullable String variables,
      @Nullable String operationName,
      HttpServletRequest request) {
    if (query == null || query.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "give the document in the 'query' URL parameter");
    }
    Map<String, Object> variableValues;
    try {
      variableValues = variables == null ? Map.of() : parseObject(variables);
    } catch (JacksonException | ClassCastException e) {
      return error(HttpStatus.BAD_REQUEST, "'variables' must be a JSON object");
    }
    OperationDefinition.Operation operation = operation(query, operationName);
    if (operation == OperationDefinition.Operation.MUTATION) {
      return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
          .header(HttpHeaders.ALLOW, "POST")
          .contentType(GRAPHQL_RESPONSE)
          .body(
              HttpErrorBodies.graphQl(
                  ErrorCode.BAD_USER_INPUT, "a mutation must be sent with POST, not GET"));
    }
    if (operation == OperationDefinition.Operation.SUBSCRIPTION) {
      return error(
          HttpStatus.METHOD_NOT_ALLOWED,
          "subscriptions are served over WebSocket (graphql-transport-ws) at /graphql");
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("query", query);
    body.put("variables", variableValues);
    if (operationName != null) {
      body.put("operationName", operationName);
    }
    var webRequest =
        new org.springframework.graphql.server.WebGraphQlRequest(
            URI.create(request.getRequestURL().toString()),
            headers(request),
            null,
            new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()),
            Map.of(),
            body,
            UUID.randomUUID().toString(),
            request.getLocale() == null ? Locale.getDefault() : request.getLocale());
    WebGraphQlResponse response = graphQl.handleRequest(webRequest).block(TIMEOUT);
    if (response == null) {
      return error(HttpStatus.BAD_REQUEST, "the request produced no response");
    }
    return ResponseEntity.ok()
        .headers(response.getResponseHeaders())
        .contentType(GRAPHQL_RESPONSE)
        .body(json.writeValueAsBytes(response.toMap()));
  }

  /** The selected operation's type; null when the document does not parse (GraphQL says why). */
  private static OperationDefinition.@Nullable Operation operation(
      String query, @Nullable String operationName) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return null;
    }
    return document.getDefinitionsOfType(OperationDefinition.class).stream()
        .filter(op -> operationName == null || operationName.equals(op.getName()))
        .map(OperationDefinition::getOperation)
        .findFirst()
        .orElse(null);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> parseObject(String text) {
    return (Map<String, Object>) json.readValue(text, Map.class);
  }

  private static HttpHeaders headers(HttpServletRequest request) {
    var headers = new HttpHeaders();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    return headers;
  }

  private static ResponseEntity<byte[]> error(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(GRAPHQL_RESPONSE)
        .body(HttpErrorBodies.graphQl(ErrorCode.BAD_USER_INPUT, message));
  }
}
