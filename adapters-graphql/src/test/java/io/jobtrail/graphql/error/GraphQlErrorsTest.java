package io.jobtrail.graphql.error;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.GraphQLError;
import io.jobtrail.application.event.HistoryDamaged;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.RejectionReason;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** How failures are classified: typed ones by their type, anything else as INTERNAL with an id. */
class GraphQlErrorsTest {

  private final GraphQlErrors errors = new GraphQlErrors();

  private GraphQLError resolve(Throwable failure) {
    return errors.resolveException(failure).block().getFirst();
  }

  @Test
  void
      givenAnIllegalArgumentFromMainCode_whenResolved_thenInternalWithAnErrorIdNotTheCallersFault() {
    GraphQLError error = resolve(new IllegalArgumentException("stored event 7 has no field x"));

    assertThat(error.getExtensions()).containsEntry("code", "INTERNAL").containsKey("errorId");
    assertThat(error.getMessage())
        .contains(error.getExtensions().get("errorId").toString())
        .doesNotContain("stored event");
  }

  @Test
  void givenAStoreThatIsAway_whenResolved_thenUnavailableAndRetryable() {
    GraphQLError error =
        resolve(
            new StoreUnavailable(
                "the database cannot be reached", new SQLTransientConnectionException("x")));

    assertThat(error.getExtensions())
        .containsEntry("code", "UNAVAILABLE")
        .containsEntry("retryable", true)
        .containsKey("retryAfterMs");
  }

  @Test
  void givenEveryRejectionReason_whenResolved_thenEachHasItsCodeAndReason() {
    for (RejectionReason reason : RejectionReason.values()) {
      GraphQLError error = resolve(new JobRejected(reason, "no"));

      assertThat(error.getExtensions()).containsEntry("reason", reason.name());
      assertThat(error.getExtensions().get("code")).isNotEqualTo("INTERNAL");
    }
  }

  @Test
  void givenADamagedHistory_whenResolved_thenTheCodeNamesWhereItIsDamaged() {
    GraphQLError error = resolve(new HistoryDamaged(4, "version 4 is missing from the log"));

    assertThat(error.getExtensions())
        .containsEntry("code", "DAMAGED_HISTORY")
        .containsEntry("version", 4L);
  }

  @Test
  void givenAValueRefusedAtTheEdge_whenResolved_thenBadUserInputNamingTheField() {
    GraphQLError error =
        resolve(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    Inputs.field(
                        "input.limits",
                        () -> {
                          throw new IllegalArgumentException("maxIterations must be 1..50");
                        })));

    assertThat(error.getExtensions())
        .containsEntry("code", "BAD_USER_INPUT")
        .containsEntry("field", "input.limits");
  }
}
