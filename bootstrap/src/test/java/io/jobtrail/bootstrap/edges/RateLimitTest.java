package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.api.RunningJobtrail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Commands and new subscriptions per principal are rate limited, with a hint when to retry. */
@TestPropertySource(
    properties = {
      "jobtrail.rate-limits.command-burst=3",
      "jobtrail.rate-limits.commands-per-second=1",
      "jobtrail.rate-limits.subscription-burst=2",
      "jobtrail.rate-limits.subscriptions-per-second=1"
    })
class RateLimitTest extends RunningJobtrail {

  @Test
  void givenABurstOfCommands_whenOverTheLimit_thenRateLimitedWithRetryAfterAndNothingStored() {
    var codes = new ArrayList<Object>();
    Object retryAfter = null;
    for (int i = 0; i < 5; i++) {
      var response =
          graphQl(ADMIN)
              .document("mutation($in: CreateJobInput!) { createJob(input: $in) { id } }")
              .variable("in", input("limited-" + i, "t"))
              .execute();
      var errors = response.returnResponse().getErrors();
      if (errors.isEmpty()) {
        codes.add("OK");
      } else {
        codes.add(errors.getFirst().getExtensions().get("code"));
        retryAfter = errors.getFirst().getExtensions().get("retryAfterMs");
      }
    }

    assertThat(codes).startsWith("OK", "OK", "OK").contains("RATE_LIMITED");
    assertThat(((Number) retryAfter).longValue()).isBetween(1L, 1_000L);
    graphQl(VIEWER)
        .document("{ jobs(filter: {nameContains: \"limited-\"}, first: 50) { edges { cursor } } }")
        .execute()
        .path("jobs.edges")
        .entityList(Object.class)
        .hasSizeLessThan(5);
  }

  @Test
  void givenABurstOfNewSubscriptions_whenOverTheLimit_thenTheExtraOneIsRateLimited()
      throws Exception {
    try (RawSocket socket = RawSocket.initialised(port, VIEWER)) {
      for (int i = 1; i <= 4; i++) {
        socket.send(
            "{\"id\":\"s"
                + i
                + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription {"
                + " jobEvents(jobId: \\\"01a21a75-9f7d-72f4-ab04-6b81c7877277\\\") { id } }\"}}");
      }

      assertThat(socket.awaitMessage("RATE_LIMITED", Duration.ofSeconds(10)))
          .isNotNull()
          .contains("retryAfterMs");
    }
  }

  @Test
  void givenTheLimitOfOnePrincipal_whenAnotherActs_thenItHasItsOwnBucket() {
    for (int i = 0; i < 3; i++) {
      graphQl(OPERATOR)
          .document("mutation($in: CreateJobInput!) { createJob(input: $in) { id } }")
          .variable("in", Map.of("name", "own-" + i, "task", "t", "start", false))
          .execute()
          .errors()
          .verify();
    }
  }
}
