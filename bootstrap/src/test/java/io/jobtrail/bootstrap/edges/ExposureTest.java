package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.api.RunningJobtrail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Without a token only health (its status) answers; schema, introspection and metrics need one. */
class ExposureTest extends RunningJobtrail {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, @Nullable String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> introspect(@Nullable String token) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"query\":\"{ __schema { queryType { name } } }\"}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void givenNoToken_whenIntrospecting_thenUnauthenticated_andWithATokenItAnswers()
      throws Exception {
    assertThat(introspect(null).body()).contains("UNAUTHENTICATED").doesNotContain("Query\"");
    assertThat(introspect(VIEWER).body()).contains("\"name\":\"Query\"");
  }

  @Test
  void givenNoToken_whenReadingTheSchema_then401_andWithATokenTheSchema() throws Exception {
    HttpResponse<String> anonymous = get("/graphql/schema", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("UNAUTHENTICATED");

    HttpResponse<String> viewer = get("/graphql/schema", VIEWER);
    assertThat(viewer.statusCode()).isEqualTo(200);
    assertThat(viewer.body()).contains("type Query");
  }

  @Test
  void givenNoToken_whenReadingHealth_thenTheStatusOnlyWithoutDetails() throws Exception {
    HttpResponse<String> health = get("/actuator/health", null);

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components", "db");
  }

  @Test
  void givenNoToken_whenReadingMetricsOrInfo_then401_andWithATokenTheyAnswer() throws Exception {
    for (String path :
        new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/info"}) {
      assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(get(path, VIEWER).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(get("/actuator/prometheus", VIEWER).body()).contains("jobtrail_events_appended");
  }
}
