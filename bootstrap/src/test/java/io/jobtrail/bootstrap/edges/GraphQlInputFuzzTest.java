package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.JobtrailApplication;
import io.jobtrail.persistence.testing.TestDatabase;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generative input testing: every operation of the schema, with random variables (well-formed or
 * not: wrong types, huge numbers, NUL characters, odd keys, secrets, deep nesting). The answer is
 * always data or errors with a stable code, never {@code INTERNAL} nor an HTTP 5xx; and a mutation
 * that is refused stores nothing.
 */
class GraphQlInputFuzzTest {

  private static final String TOKEN = "fuzz-admin-token-0123456789";
  private static final Set<String> CODES =
      Set.of(
          "UNAUTHENTICATED",
          "FORBIDDEN",
          "BAD_USER_INPUT",
          "NOT_FOUND",
          "CONFLICT",
          "INVALID_TRANSITION",
          "LIMIT_EXCEEDED",
          "PAYLOAD_TOO_LARGE",
          "RATE_LIMITED",
          "DAMAGED_HISTORY");
  private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static TestDatabase database;
  private static ConfigurableApplicationContext jobtrail;
  private static int port;
  private static String existingJob;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A document and the names of its variables. */
  record Operation(String document, List<String> variables, boolean mutation) {}

  static final List<Operation> OPERATIONS =
      List.of(
          query(
              "query($id: ID!) { job(id: $id) { id status parameters agents { coder { kind settings } } } }",
              "id"),
          query(
              "query($filter: JobFilter, $first: Int, $after: String) { jobs(filter: $filter,"
                  + " first: $first, after: $after) { edges { cursor node { id } } pageInfo {"
                  + " hasNextPage } } }",
              "filter",
              "first",
              "after"),
          query(
              "query($jobId: ID!, $after: Int, $first: Int) { jobEvents(jobId: $jobId, after:"
                  + " $after, first: $first) { sequence eventType eventData } }",
              "jobId",
              "after",
              "first"),
          query(
              "query($jobId: ID!, $version: Int, $at: DateTime) { jobAt(jobId: $jobId, version:"
                  + " $version, at: $at) { version job { status } } }",
              "jobId",
              "version",
              "at"),
          query("query($jobId: ID!) { verifyJob(jobId: $jobId) { ok differences } }", "jobId"),
          query(
              "query($left: ID!, $right: ID!) { compareJobs(left: $left, right: $right) {"
                  + " differences } }",
              "left",
              "right"),
          query(
              "query($jobId: ID!, $after: Int, $first: Int) { jobLogs(jobId: $jobId, after: $after,"
                  + " first: $first) { sequence message } }",
              "jobId",
              "after",
              "first"),
          mutation(
              "mutation($input: CreateJobInput!) { createJob(input: $input) { id } }", "input"),
          mutation("mutation($id: ID!) { startJob(id: $id) { id } }", "id"),
          mutation(
              "mutation($id: ID!, $reason: String) { pauseJob(id: $id, reason: $reason) { id } }",
              "id",
              "reason"),
          mutation("mutation($id: ID!) { resumeJob(id: $id) { id } }", "id"),
          mutation(
              "mutation($id: ID!, $reason: String) { cancelJob(id: $id, reason: $reason) { id } }",
              "id",
              "reason"),
          mutation(
              "mutation($id: ID!, $fromVersion: Int!, $overrides: JSON) { replayJob(id: $id,"
                  + " fromVersion: $fromVersion, overrides: $overrides) { id } }",
              "id",
              "fromVersion",
              "overrides"));

  private static Operation query(String document, String... variables) {
    return new Operation(document, List.of(variables), false);
  }

  private static Operation mutation(String document, String... variables) {
    return new Operation(document, List.of(variables), true);
  }

  @BeforeContainer
  static void start() throws Exception {
    database = TestDatabase.createFresh();
    jobtrail =
        new SpringApplicationBuilder(JobtrailApplication.class)
            .properties(
                "server.port=0",
                "spring.main.banner-mode=off",
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + (database.user() == null ? "" : database.user()),
                "spring.datasource.password="
                    + (database.password() == null ? "" : database.password()),
                "jobtrail.data-dir=" + Files.createTempDirectory("jobtrail-fuzz"),
                "jobtrail.security.tokens[0].token=" + TOKEN,
                "jobtrail.security.tokens[0].role=ADMIN",
                "jobtrail.orchestrator.enabled=false",
                "jobtrail.rate-limits.enabled=false")
            .run();
    port = Integer.parseInt(jobtrail.getEnvironment().getRequiredProperty("local.server.port"));
    String created =
        post(
            Map.of(
                "query",
                "mutation { createJob(input: {name: \"fuzz\", task: \"t\", start: false}) { id } }"));
    Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]+)\"").matcher(created);
    assertThat(id.find()).as(created).isTrue();
    existingJob = id.group(1);
  }

  @AfterContainer
  static void stop() {
    if (jobtrail != null) {
      jobtrail.close();
    }
    database.close();
  }

  private static String post(Map<String, Object> body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isLessThan(500);
    return response.body();
  }

  private static long storedEvents() throws Exception {
    try (var connection = jobtrail.getBean(DataSource.class).getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("select count(*) from job_events")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Property(tries = 400)
  void everyOperationAnswersDataOrACodedErrorAndARefusalStoresNothing(
      @ForAll("operations") Operation operation, @ForAll("variables") Map<String, Object> pool)
      throws Exception {
    var variables = new LinkedHashMap<String, Object>();
    for (String name : operation.variables()) {
      if (pool.containsKey(name)) {
        variables.put(name, pool.get(name));
      }
    }
    long before = operation.mutation() ? storedEvents() : 0;
    var body = new LinkedHashMap<String, Object>();
    body.put("query", operation.document());
    body.put("variables", variables);

    String answer = post(body);

    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = JSON.readValue(answer, Map.class);
    assertThat(parsed.containsKey("data") || parsed.containsKey("errors")).as(answer).isTrue();
    Matcher codes = CODE.matcher(answer);
    boolean refused = parsed.get("errors") != null;
    while (codes.find()) {
      assertThat(codes.group(1)).as(answer).isIn(CODES);
    }
    if (refused) {
      assertThat(((List<?>) parsed.get("errors")))
          .allSatisfy(e -> assertThat(e.toString()).contains("code="));
      assertThat(answer).doesNotContain("INTERNAL", "Exception:", "java.");
    }
    if (operation.mutation() && refused) {
      assertThat(storedEvents())
          .as("a refused mutation stores nothing: " + answer)
          .isEqualTo(before);
    }
  }

  @Provide
  Arbitrary<Operation> operations() {
    return Arbitraries.of(OPERATIONS);
  }

  @Provide
  Arbitrary<Map<String, Object>> variables() {
    Arbitrary<Object> id =
        Arbitraries.oneOf(
            Arbitraries.just(existingJob),
            Arbitraries.just("01a21a75-9f7d-72f4-ab04-6b81c7877277"),
            text());
    Arbitrary<Object> any = json(3);
    return Combinators.combine(
            List.of(
                nullable(id),
                nullable(Arbitraries.oneOf(id, any)),
                nullable(Arbitraries.oneOf(integers(), any)),
                nullable(Arbitraries.oneOf(createInput(), any)),
                nullable(Arbitraries.oneOf(filter(), any)),
                nullable(Arbitraries.oneOf(Arbitraries.just("2026-01-01T00:00:00Z"), any)),
                nullable(any)))
        .as(
            values -> {
              var pool = new LinkedHashMap<String, Object>();
              put(pool, "id", values.get(0));
              put(pool, "jobId", values.get(0));
              put(pool, "left", values.get(1));
              put(pool, "right", values.get(0));
              put(pool, "first", values.get(2));
              put(pool, "after", values.get(2));
              put(pool, "version", values.get(2));
              put(pool, "fromVersion", values.get(2));
              put(pool, "input", values.get(3));
              put(pool, "filter", values.get(4));
              put(pool, "at", values.get(5));
              put(pool, "reason", values.get(6));
              put(pool, "overrides", values.get(6));
              return pool;
            });
  }

  private static void put(Map<String, Object> pool, String key, @Nullable Object value) {
    if (value != null) {
      pool.put(key, value == NULL ? null : value);
    }
  }

  /** Stands for an explicit JSON null (a missing variable is left out instead). */
  private static final Object NULL = new Object();

  private static Arbitrary<Object> nullable(Arbitrary<Object> values) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, values),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(NULL)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just((Object) "")));
  }

  private static Arbitrary<Object> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40).map(s -> (Object) s),
        Arbitraries.strings()
            .withChars('\u0000', 'a', '"', '\\', '\u00e9', '{')
            .ofMaxLength(12)
            .map(s -> (Object) s),
        Arbitraries.just((Object) "x".repeat(5_000)));
  }

  private static Arbitrary<Object> integers() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.integers().between(-2, 600).map(i -> (Object) i),
        Arbitraries.just((Object) new BigInteger("123456789012345678901234567890")),
        Arbitraries.just((Object) Long.MAX_VALUE),
        Arbitraries.doubles().map(d -> (Object) d));
  }

  private static Arbitrary<Object> json(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(text(), integers(), Arbitraries.of(true, false).map(b -> (Object) b));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> inner = json(depth - 1);
    Arbitrary<Object> list = inner.list().ofMaxSize(4).map(l -> (Object) l);
    Arbitrary<Object> object = Arbitraries.maps(keys(), inner).ofMaxSize(4).map(m -> (Object) m);
    return Arbitraries.oneOf(leaf, list, object);
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "name",
            "task",
            "parameters",
            "agents",
            "limits",
            "start",
            "coder",
            "planner",
            "critique",
            "kind",
            "settings",
            "apiKey",
            "apiKeyEnv",
            "maxIterations",
            "maxAttempts",
            "stepTimeoutMs",
            "status",
            "nameContains",
            "simulated",
            "latencyMs",
            "failures",
            "password",
            "model",
            "baseUrl"),
        Arbitraries.strings().all().ofMaxLength(8));
  }

  private static Arbitrary<Object> createInput() {
    Arbitrary<Object> limits =
        Arbitraries.maps(
                Arbitraries.of(
                    "maxIterations",
                    "maxAttempts",
                    "stepTimeoutMs",
                    "backoffInitialMs",
                    "backoffMaxMs"),
                integers())
            .ofMaxSize(5)
            .map(m -> (Object) m);
    Arbitrary<Object> agent =
        Combinators.combine(
                Arbitraries.of("simulated", "command", "openai", "Rm -rf", ""),
                Arbitraries.oneOf(json(2), Arbitraries.just((Object) Map.of("apiKey", "sk-1"))))
            .as((kind, settings) -> (Object) Map.of("kind", kind, "settings", settings));
    return Combinators.combine(
            text(),
            text(),
            Arbitraries.oneOf(json(2), Arbitraries.just((Object) Map.of())),
            agent,
            limits,
            Arbitraries.of(true, false))
        .as(
            (name, task, parameters, coder, limit, start) -> {
              var input = new LinkedHashMap<String, Object>();
              input.put("name", name);
              input.put("task", task);
              input.put("parameters", parameters);
              input.put("agents", Map.of("coder", coder));
              input.put("limits", limit);
              input.put("start", start);
              return (Object) input;
            });
  }

  private static Arbitrary<Object> filter() {
    return Combinators.combine(
            Arbitraries.of("RUNNING", "PAUSED", "EXPLODED", "").list().ofMaxSize(3),
            text(),
            Arbitraries.of("2026-01-01T00:00:00Z", "yesterday", ""))
        .as(
            (statuses, name, after) ->
                (Object) Map.of("status", statuses, "nameContains", name, "createdAfter", after));
  }
}
