package io.jobtrail.persistence.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.alert.AlertCondition;
import io.jobtrail.application.alert.AlertMatch;
import io.jobtrail.application.alert.AlertRule;
import io.jobtrail.application.alert.AlertRuleChange;
import io.jobtrail.application.alert.AlertRuleDocuments;
import io.jobtrail.application.alert.ClaimedDelivery;
import io.jobtrail.application.alert.DeliveryAttempt;
import io.jobtrail.application.alert.DeliveryFilter;
import io.jobtrail.application.alert.DeliveryState;
import io.jobtrail.application.alert.NewDelivery;
import io.jobtrail.application.alert.WebhookFormat;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.persistence.testing.TestDatabase;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JooqAlertDeliveriesTest {

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration CLAIM = Duration.ofSeconds(30);

  private final TestDatabase db = TestDatabase.createFresh();
  private final JooqAlertRules rules = new JooqAlertRules(db.dsl());
  private final JooqAlertDeliveries deliveries = new JooqAlertDeliveries(db.dsl());

  @AfterEach
  void drop() {
    db.close();
  }

  private AlertRule rule() {
    var rule =
        new AlertRule(
            UUID.randomUUID(),
            "rule",
            true,
            new AlertMatch(
                Set.of(), "nightly-*", Set.of(JobStatus.FAILED), Map.of("team", "a"), Set.of()),
            new AlertCondition.NoEventFor(Duration.ofMinutes(5)),
            URI.create("https://hooks.example.com/x"),
            WebhookFormat.JSON,
            "a-shared-secret-0123456789",
            1,
            "otto",
            T0,
            "otto",
            T0);
    rules.create(
        rule,
        new AlertRuleChange(
            rule.id(),
            1,
            AlertRuleChange.Kind.CREATED,
            "otto",
            T0,
            AlertRuleDocuments.rule(rule),
            true));
    return rule;
  }

  /** The alerts consumer keeps the rules it read while the revision stays the same. */
  @Test
  void givenRules_whenCreatedChangedOrDeleted_thenTheRevisionGrowsAndOnlyThen() {
    long empty = rules.revision();
    AlertRule rule = rule();
    long created = rules.revision();
    var disabled =
        new AlertRule(
            rule.id(),
            rule.name(),
            false,
            rule.match(),
            rule.condition(),
            rule.url(),
            rule.format(),
            rule.secret(),
            2,
            "otto",
            rule.createdAt(),
            "otto",
            T0.plusSeconds(1));
    var update =
        new AlertRuleChange(
            rule.id(),
            2,
            AlertRuleChange.Kind.UPDATED,
            "otto",
            T0.plusSeconds(1),
            AlertRuleDocuments.rule(disabled),
            false);

    assertThat(rules.update(disabled, 7, update)).as("a stale version changes nothing").isFalse();
    assertThat(rules.revision()).isEqualTo(created);
    assertThat(rules.update(disabled, 1, update)).isTrue();
    long updated = rules.revision();
    var delete =
        new AlertRuleChange(
            rule.id(),
            3,
            AlertRuleChange.Kind.DELETED,
            "otto",
            T0.plusSeconds(2),
            AlertRuleDocuments.rule(disabled),
            false);
    assertThat(rules.delete(rule.id(), 2, delete, T0.plusSeconds(2))).isTrue();

    assertThat(List.of(empty, created, updated, rules.revision()))
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(rules.enabled()).isEmpty();
  }

  private static NewDelivery delivery(AlertRule rule, JobId job, String key) {
    return new NewDelivery(
        UUID.randomUUID(),
        rule.id(),
        job,
        key,
        "JobFailed",
        WebhookFormat.JSON,
        "{\"k\":\"" + key + "\"}",
        3,
        T0);
  }

  private static DeliveryAttempt attempt(ClaimedDelivery claimed, Integer status, String error) {
    return new DeliveryAttempt(claimed.attempt(), T0, status, 12, error, "test-instance");
  }

  @Test
  void givenAStoredRule_whenReadBack_thenItIsTheSameRule() {
    AlertRule rule = rule();

    assertThat(rules.find(rule.id())).contains(rule);
    assertThat(rules.changes(rule.id()))
        .singleElement()
        .satisfies(c -> assertThat(c.rule()).doesNotContainKey("secret"));
  }

  @Test
  void givenTheSameTriggerTwice_whenQueued_thenOneDelivery() {
    AlertRule rule = rule();
    JobId job = JobId.parse("01a21a75-9f7d-72f4-ab04-6b81c7877277");

    assertThat(deliveries.enqueue(List.of(delivery(rule, job, "stuck:1")))).isEqualTo(1);
    assertThat(
            deliveries.enqueue(
                List.of(delivery(rule, job, "stuck:1"), delivery(rule, job, "stuck:2"))))
        .isEqualTo(1);

    assertThat(deliveries.list(new DeliveryFilter(rule.id(), null, Set.of()), null, 10)).hasSize(2);
    assertThat(deliveries.existingTriggers(rule.id(), List.of("stuck:1", "stuck:3")))
        .containsExactly("stuck:1");
  }

  @Test
  void givenTwoDeliveriesForOneJob_whenClaimed_thenTheSecondWaitsUntilTheFirstIsSettled() {
    AlertRule rule = rule();
    JobId job = JobId.parse("01a21a75-9f7d-72f4-ab04-6b81c7877277");
    JobId other = JobId.parse("01a21a75-9f7d-72f4-ab04-6b81c7877278");
    deliveries.enqueue(
        List.of(delivery(rule, job, "1"), delivery(rule, job, "2"), delivery(rule, other, "3")));

    List<ClaimedDelivery> first = deliveries.claimDue(T0, CLAIM, 10);

    assertThat(first)
        .extracting(ClaimedDelivery::body)
        .containsExactlyInAnyOrder("{\"k\":\"1\"}", "{\"k\":\"3\"}");
    assertThat(first).allSatisfy(c -> assertThat(c.attempt()).isEqualTo(1));
    assertThat(deliveries.claimDue(T0.plusSeconds(1), CLAIM, 10)).isEmpty();

    ClaimedDelivery one =
        first.stream().filter(c -> c.body().contains("\"1\"")).findFirst().orElseThrow();
    deliveries.recordAttempt(one.id(), attempt(one, 503, "HTTP 503"), false, T0.plusSeconds(5));
    assertThat(deliveries.claimDue(T0.plusSeconds(2), CLAIM, 10)).isEmpty();

    List<ClaimedDelivery> retry = deliveries.claimDue(T0.plusSeconds(5), CLAIM, 10);
    assertThat(retry)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo(one.id());
              assertThat(c.attempt()).isEqualTo(2);
            });
    deliveries.recordAttempt(one.id(), attempt(retry.getFirst(), 200, null), false, null);

    assertThat(deliveries.claimDue(T0.plusSeconds(6), CLAIM, 10))
        .extracting(ClaimedDelivery::body)
        .containsExactly("{\"k\":\"2\"}");
    var settled = deliveries.find(one.id()).orElseThrow();
    assertThat(settled.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(settled.attemptLog())
        .extracting(DeliveryAttempt::statusCode)
        .containsExactly(503, 200);
  }

  @Test
  void givenAClaimThatRanOut_whenItsOwnerReportsLate_thenTheLateReportIsIgnored() {
    AlertRule rule = rule();
    deliveries.enqueue(List.of(delivery(rule, null, "x")));
    ClaimedDelivery stale = deliveries.claimDue(T0, CLAIM, 1).getFirst();
    ClaimedDelivery fresh = deliveries.claimDue(T0.plus(CLAIM), CLAIM, 1).getFirst();

    deliveries.recordAttempt(stale.id(), attempt(stale, 200, null), false, null);

    var delivery = deliveries.find(fresh.id()).orElseThrow();
    assertThat(delivery.state()).isEqualTo(DeliveryState.PENDING);
    assertThat(delivery.attempts()).isEqualTo(2);
  }

  @Test
  void givenADeadDelivery_whenRedelivered_thenItIsDueAgainWithMoreAttempts() {
    AlertRule rule = rule();
    deliveries.enqueue(List.of(delivery(rule, null, "x")));
    ClaimedDelivery claimed = deliveries.claimDue(T0, CLAIM, 1).getFirst();
    deliveries.recordAttempt(claimed.id(), attempt(claimed, 500, "HTTP 500"), true, null);
    assertThat(deliveries.find(claimed.id()).orElseThrow().state()).isEqualTo(DeliveryState.DEAD);
    assertThat(deliveries.redeliver(claimed.id(), 3, "otto", T0.plusSeconds(1))).isTrue();
    assertThat(deliveries.redeliver(claimed.id(), 3, "otto", T0.plusSeconds(1))).isFalse();

    ClaimedDelivery again = deliveries.claimDue(T0.plusSeconds(1), CLAIM, 1).getFirst();

    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.maxAttempts()).isEqualTo(4);
    assertThat(deliveries.find(claimed.id()).orElseThrow().redeliveredBy()).isEqualTo("otto");
  }

  @Test
  void givenADeletedRule_thenItsOpenDeliveriesAreCancelledAndNotClaimed() {
    AlertRule rule = rule();
    deliveries.enqueue(List.of(delivery(rule, null, "x")));

    rules.delete(
        rule.id(),
        1,
        new AlertRuleChange(
            rule.id(), 2, AlertRuleChange.Kind.DELETED, "otto", T0, Map.of(), false),
        T0);

    assertThat(deliveries.claimDue(T0, CLAIM, 10)).isEmpty();
    assertThat(deliveries.countByState(rule.id())).containsEntry(DeliveryState.CANCELLED, 1L);
    assertThat(rules.find(rule.id())).isEmpty();
    assertThat(rules.changes(rule.id()))
        .extracting(AlertRuleChange::kind)
        .containsExactly(AlertRuleChange.Kind.CREATED, AlertRuleChange.Kind.DELETED);
  }
}
