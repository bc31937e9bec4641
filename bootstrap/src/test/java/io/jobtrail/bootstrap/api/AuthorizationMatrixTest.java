package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every role against every operation: allowed, or FORBIDDEN; no token: UNAUTHENTICATED. */
class AuthorizationMatrixTest extends RunningJobtrail {

  private static final String UNKNOWN = "01a21a75-9f7d-72f4-ab04-6b81c7877277";

  record Operation(String name, String document, String minimumRole) {}

  static List<Operation> operations() {
    return List.of(
        new Operation("caller", "{ caller { user role } }", "VIEWER"),
        new Operation("job", "{ job(id: \"" + UNKNOWN + "\") { id } }", "VIEWER"),
        new Operation("jobs", "{ jobs { edges { cursor } } }", "VIEWER"),
        new Operation("jobEvents", "{ jobEvents(jobId: \"" + UNKNOWN + "\") { id } }", "VIEWER"),
        new Operation(
            "jobAt", "{ jobAt(jobId: \"" + UNKNOWN + "\", version: 1) { version } }", "VIEWER"),
        new Operation("verifyJob", "{ verifyJob(jobId: \"" + UNKNOWN + "\") { ok } }", "VIEWER"),
        new Operation(
            "compareJobs",
            "{ compareJobs(left: \""
                + UNKNOWN
                + "\", right: \""
                + UNKNOWN
                + "\") { differences { path } } }",
            "VIEWER"),
        new Operation("jobFamily", "{ jobFamily(id: \"" + UNKNOWN + "\") { rootId } }", "VIEWER"),
        new Operation("jobAnalysis", "{ jobAnalysis(limit: 1) { jobCount } }", "VIEWER"),
        new Operation(
            "createJob",
            "mutation { createJob(input: {name: \"auth\", task: \"t\", start: false}) { id } }",
            "OPERATOR"),
        new Operation(
            "startJob", "mutation { startJob(id: \"" + UNKNOWN + "\") { id } }", "OPERATOR"),
        new Operation(
            "pauseJob", "mutation { pauseJob(id: \"" + UNKNOWN + "\") { id } }", "OPERATOR"),
        new Operation(
            "resumeJob", "mutation { resumeJob(id: \"" + UNKNOWN + "\") { id } }", "OPERATOR"),
        new Operation(
            "cancelJob", "mutation { cancelJob(id: \"" + UNKNOWN + "\") { id } }", "OPERATOR"),
        new Operation(
            "replayJob",
            "mutation { replayJob(id: \"" + UNKNOWN + "\", fromVersion: 1) { id } }",
            "OPERATOR"),
        new Operation(
            "rebuildProjections", "mutation { rebuildProjections { jobsReplayed } }", "ADMIN"));
  }

  static List<Arguments> matrix() {
    var rows = new java.util.ArrayList<Arguments>();
    for (Operation operation : operations()) {
      for (String role : List.of("NONE", "VIEWER", "OPERATOR", "ADMIN")) {
        rows.add(
            Arguments.of(operation.name(), operation.document(), operation.minimumRole(), role));
      }
    }
    return rows;
  }

  private static int rank(String role) {
    return List.of("NONE", "VIEWER", "OPERATOR", "ADMIN").indexOf(role);
  }

  private static @Nullable String token(String role) {
    return switch (role) {
      case "VIEWER" -> VIEWER;
      case "OPERATOR" -> OPERATOR;
      case "ADMIN" -> ADMIN;
      default -> null;
    };
  }

  @ParameterizedTest(name = "{3} → {0}")
  @MethodSource("matrix")
  void roleAgainstOperation(String name, String document, String minimumRole, String role) {
    String token = token(role);
    var tester = token == null ? anonymousGraphQl() : graphQl(token);
    var response = tester.document(document).execute();
    response
        .errors()
        .satisfy(
            errors -> {
              List<Object> codes =
                  errors.stream().map(e -> (Object) e.getExtensions().get("code")).toList();
              if (token == null) {
                assertThat(codes).as(name).containsExactly("UNAUTHENTICATED");
              } else if (rank(role) < rank(minimumRole)) {
                assertThat(codes).as(name).containsExactly("FORBIDDEN");
              } else {
                // Allowed: the operation ran (it may still say the unknown job does not exist).
                assertThat(codes).as(name).doesNotContain("FORBIDDEN", "UNAUTHENTICATED");
              }
            });
  }

  @Test
  void callerSaysWhoseTokenItIsAndItsRole() {
    for (String role : List.of("VIEWER", "OPERATOR", "ADMIN")) {
      var caller = graphQl(token(role)).document("{ caller { user role } }").execute();
      caller.path("caller.role").entity(String.class).isEqualTo(role);
      caller.path("caller.user").entity(String.class).satisfies(u -> assertThat(u).isNotBlank());
    }
  }
}
