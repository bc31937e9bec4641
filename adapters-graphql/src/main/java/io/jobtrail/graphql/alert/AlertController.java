package io.jobtrail.graphql.alert;

import graphql.GraphQLContext;
import io.jobtrail.application.alert.AlertDelivery;
import io.jobtrail.application.alert.AlertMatch;
import io.jobtrail.application.alert.AlertRule;
import io.jobtrail.application.alert.AlertRuleChange;
import io.jobtrail.application.alert.DeliveryFilter;
import io.jobtrail.application.alert.DeliveryState;
import io.jobtrail.application.port.in.ManageAlertRules;
import io.jobtrail.application.port.in.TrackAlertDeliveries;
import io.jobtrail.application.security.Caller;
import io.jobtrail.application.security.Role;
import io.jobtrail.graphql.alert.AlertInputs.RuleInput;
import io.jobtrail.graphql.alert.AlertViews.CountsView;
import io.jobtrail.graphql.alert.AlertViews.DeliveryConnection;
import io.jobtrail.graphql.alert.AlertViews.DeliveryEdge;
import io.jobtrail.graphql.alert.AlertViews.DeliveryView;
import io.jobtrail.graphql.alert.AlertViews.PageInfo;
import io.jobtrail.graphql.alert.AlertViews.RuleView;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.error.ErrorCode;
import io.jobtrail.graphql.job.JobIds;
import io.jobtrail.graphql.security.CurrentCaller;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Alert rules (VIEWER reads, OPERATOR writes) and their delivery log. */
@Controller
public class AlertController {

  private static final int MAX_PAGE = 200;

  private final ManageAlertRules rules;
  private final TrackAlertDeliveries deliveries;

  public AlertController(ManageAlertRules rules, TrackAlertDeliveries deliveries) {
    this.rules = rules;
    this.deliveries = deliveries;
  }

  @QueryMapping
  public List<RuleView> alertRules(GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read alert rules");
    return rules.rules().stream().map(AlertViews::of).toList();
  }

  @QueryMapping
  public @Nullable RuleView alertRule(@Argument String id, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read alert rules");
    return rules.rule(AlertInputs.id("id", id)).map(AlertViews::of).orElse(null);
  }

  @QueryMapping
  public List<AlertRuleChange> alertRuleChanges(@Argument String ruleId, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read alert rules");
    return rules.changes(AlertInputs.id("ruleId", ruleId));
  }

  @QueryMapping
  public Set<String> alertEventTypes(GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read alert rules");
    return AlertMatch.EVENT_TYPES;
  }

  @SchemaMapping(typeName = "AlertRule", field = "changes")
  public List<AlertRuleChange> changes(RuleView rule) {
    return rules.changes(UUID.fromString(rule.id()));
  }

  @SchemaMapping(typeName = "AlertRule", field = "deliveryCounts")
  public CountsView deliveryCounts(RuleView rule) {
    return CountsView.of(deliveries.countByState(UUID.fromString(rule.id())));
  }

  @QueryMapping
  public DeliveryConnection alertDeliveries(
      @Argument @Nullable String ruleId,
      @Argument @Nullable String jobId,
      @Argument @Nullable List<DeliveryState> states,
      @Argument @Nullable Integer first,
      @Argument @Nullable String after,
      GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read alert deliveries");
    int limit = first == null ? 50 : first;
    if (limit < 1 || limit > MAX_PAGE) {
      throw ApiException.badInput("first: between 1 and " + MAX_PAGE);
    }
    var filter =
        new DeliveryFilter(
            ruleId == null ? null : AlertInputs.id("ruleId", ruleId),
            jobId == null ? null : JobIds.parse(jobId),
            states == null ? Set.of() : Set.copyOf(states));
    List<AlertDelivery> page = deliveries.deliveries(filter, cursor(after), limit + 1);
    boolean more = page.size() > limit;
    List<DeliveryEdge> edges =
        page.stream()
            .limit(limit)
            .map(d -> new DeliveryEdge(Long.toString(d.sequence()), AlertViews.of(d)))
            .toList();
    return new DeliveryConnection(
        edges, new PageInfo(more, edges.isEmpty() ? null : edges.getLast().cursor()));
  }

  @QueryMapping
  public @Nullable DeliveryView alertDelivery(@Argument String id, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read alert deliveries");
    return deliveries.delivery(AlertInputs.id("id", id)).map(AlertViews::of).orElse(null);
  }

  @MutationMapping
  public RuleView createAlertRule(@Argument RuleInput input, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "create alert rules");
    return AlertViews.of(rules.create(input.toCore(), caller.userId()));
  }

  @MutationMapping
  public RuleView updateAlertRule(
      @Argument String id,
      @Argument RuleInput input,
      @Argument @Nullable Integer expectedVersion,
      GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "change alert rules");
    UUID ruleId = AlertInputs.id("id", id);
    var core = input.toCore();
    int version = versionToChange(ruleId, expectedVersion);
    return rules
        .update(ruleId, core, version, caller.userId())
        .map(AlertViews::of)
        .orElseThrow(() -> changedMeanwhile(ruleId));
  }

  @MutationMapping
  public RuleView deleteAlertRule(
      @Argument String id, @Argument @Nullable Integer expectedVersion, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "delete alert rules");
    UUID ruleId = AlertInputs.id("id", id);
    int version = versionToChange(ruleId, expectedVersion);
    return rules
        .delete(ruleId, version, caller.userId())
        .map(AlertViews::of)
        .orElseThrow(() -> changedMeanwhile(ruleId));
  }

  @MutationMapping
  public DeliveryView testAlertRule(@Argument String id, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "test alert rules");
    UUID ruleId = AlertInputs.id("id", id);
    return rules
        .test(ruleId, caller.userId())
        .map(AlertViews::of)
        .orElseThrow(() -> ApiException.notFound("no alert rule " + ruleId));
  }

  @MutationMapping
  public DeliveryView redeliverAlertDelivery(@Argument String id, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "redeliver alerts");
    UUID deliveryId = AlertInputs.id("id", id);
    return deliveries
        .redeliver(deliveryId, caller.userId())
        .map(AlertViews::of)
        .orElseThrow(() -> ApiException.notFound("no alert delivery " + deliveryId));
  }

  /** The version a change applies to: the caller's, which must still be current, or the current. */
  private int versionToChange(UUID ruleId, @Nullable Integer expectedVersion) {
    Optional<AlertRule> current = rules.rule(ruleId);
    if (current.isEmpty()) {
      throw ApiException.notFound("no alert rule " + ruleId);
    }
    int version = current.get().version();
    if (expectedVersion != null && expectedVersion != version) {
      throw new ApiException(
          ErrorCode.CONFLICT,
          "alert rule " + ruleId + " is at version " + version + ", not " + expectedVersion);
    }
    return version;
  }

  private static ApiException changedMeanwhile(UUID ruleId) {
    return new ApiException(
        ErrorCode.CONFLICT, "alert rule " + ruleId + " changed meanwhile; read it and retry");
  }

  private static @Nullable Long cursor(@Nullable String after) {
    if (after == null) {
      return null;
    }
    try {
      return Long.parseLong(after);
    } catch (NumberFormatException e) {
      throw ApiException.badInput("after: '" + after + "' is not a delivery cursor");
    }
  }
}
