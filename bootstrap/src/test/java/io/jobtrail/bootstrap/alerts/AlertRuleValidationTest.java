package io.jobtrail.bootstrap.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.api.RunningJobtrail;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Invalid rules are rejected with BAD_USER_INPUT and store nothing, with the default target policy
 * (no loopback or private addresses).
 */
class AlertRuleValidationTest extends RunningJobtrail {

  private static final String CREATE =
      "mutation($input: AlertRuleInput!) { createAlertRule(input: $input) { id } }";
  private static final String SECRET = "a-shared-secret-0123456789";

  private static Map<String, Object> rule(String url, Map<String, Object> extra) {
    var input = new HashMap<String, Object>();
    input.put("name", "invalid");
    input.put("webhook", Map.of("url", url, "secret", SECRET));
    input.putAll(extra);
    return input;
  }

  private int ruleCount() {
    return graphQl(VIEWER)
        .document("{ alertRules { id } }")
        .execute()
        .path("alertRules")
        .entityList(Object.class)
        .get()
        .size();
  }

  private void assertRejected(Map<String, Object> input, String messagePart) {
    int before = ruleCount();
    graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", input)
        .execute()
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors).isNotEmpty();
              assertThat(errors.getFirst().getExtensions()).containsEntry("code", "BAD_USER_INPUT");
              assertThat(errors.getFirst().getMessage()).contains(messagePart);
            });
    assertThat(ruleCount()).isEqualTo(before);
  }

  @Test
  void givenAnUnknownEventType_whenCreated_thenBadUserInputAndNothingStored() {
    assertRejected(
        rule(
            "https://hooks.example.com/x",
            Map.of("match", Map.of("eventTypes", List.of("JobExploded")))),
        "JobExploded");
  }

  @Test
  void givenABadDuration_whenCreated_thenBadUserInputAndNothingStored() {
    assertRejected(
        rule(
            "https://hooks.example.com/x",
            Map.of("condition", Map.of("noEventFor", "ten minutes"))),
        "not a duration");
    assertRejected(
        rule(
            "https://hooks.example.com/x", Map.of("condition", Map.of("runningLongerThan", "90d"))),
        "out of range");
  }

  @Test
  void givenAUrlThatIsNotAllowed_whenCreated_thenBadUserInputAndNothingStored() {
    assertRejected(rule("http://127.0.0.1:9/hook", Map.of()), "loopback or private");
    assertRejected(rule("http://localhost/hook", Map.of()), "loopback or private");
    assertRejected(rule("http://10.1.2.3/hook", Map.of()), "loopback or private");
    assertRejected(
        rule("http://169.254.169.254/latest/meta-data", Map.of()), "loopback or private");
    assertRejected(rule("http://[::1]/hook", Map.of()), "loopback or private");
    assertRejected(rule("ftp://hooks.example.com/x", Map.of()), "http or https");
    assertRejected(rule("https://user:pw@hooks.example.com/x", Map.of()), "credentials");
    assertRejected(rule("not a url", Map.of()), "webhook.url");
  }

  @Test
  void givenOtherInvalidInput_whenCreated_thenBadUserInputAndNothingStored() {
    assertRejected(
        rule(
            "https://hooks.example.com/x",
            Map.of("condition", Map.of("jobFailed", true, "noEventFor", "5m"))),
        "");
    assertRejected(
        rule(
            "https://hooks.example.com/x",
            Map.of(
                "match",
                Map.of("eventTypes", List.of("JobFailed")),
                "condition",
                Map.of("jobFailed", true))),
        "match.eventTypes");
    assertRejected(
        rule(
            "https://hooks.example.com/x",
            Map.of("condition", Map.of("stepRetried", Map.of("atLeast", 0)))),
        "atLeast");
    assertRejected(
        rule(
            "https://hooks.example.com/x",
            Map.of(
                "condition", Map.of("failureRate", Map.of("abovePercent", 120, "window", "1h")))),
        "abovePercent");
    var noSecret = rule("https://hooks.example.com/x", Map.of());
    noSecret.put("webhook", Map.of("url", "https://hooks.example.com/x"));
    assertRejected(noSecret, "webhook.secret");
    var shortSecret = rule("https://hooks.example.com/x", Map.of());
    shortSecret.put("webhook", Map.of("url", "https://hooks.example.com/x", "secret", "short"));
    assertRejected(shortSecret, "webhook.secret");
  }
}
