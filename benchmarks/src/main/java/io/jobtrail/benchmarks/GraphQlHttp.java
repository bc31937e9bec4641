package io.jobtrail.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GraphQL-over-HTTP client as a tool would use one: one POST per operation with a bearer token,
 * HTTP/1.1 keep-alive. A response with errors fails the call.
 */
final class GraphQlHttp {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI uri;
  private final String token;

  GraphQlHttp(URI uri, String token) {
    this.uri = uri;
    this.token = token;
  }

  /** Runs the operation and returns its {@code data}. */
  JsonNode execute(String document, Map<String, Object> variables)
      throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("query", document, "variables", variables));
    var request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/graphql-response+json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode reply = JSON.readTree(response.body());
    JsonNode errors = reply.path("errors");
    if (response.statusCode() != 200 || (errors.isArray() && !errors.isEmpty())) {
      throw new IllegalStateException(
          "GraphQL call failed (HTTP " + response.statusCode() + "): " + response.body());
    }
    return reply.path("data");
  }
}
