import { graphql } from '../../shared/graphql/generated';

export const RULE_FIELDS = graphql(`
  fragment AlertRuleFields on AlertRule {
    id
    name
    enabled
    version
    match {
      eventTypes
      jobName
      statuses
      parameters
      agentKinds
    }
    condition {
      type
      atLeast
      duration
      abovePercent
      window
      minJobs
    }
    webhook {
      url
      format
    }
    createdBy
    createdAt
    updatedBy
    updatedAt
    deliveryCounts {
      pending
      retrying
      delivered
      dead
      cancelled
    }
  }
`);

export const DELIVERY_FIELDS = graphql(`
  fragment AlertDeliveryFields on AlertDelivery {
    id
    idempotencyKey
    ruleId
    jobId
    trigger
    format
    state
    attempts
    maxAttempts
    createdAt
    nextAttemptAt
    deliveredAt
    lastStatusCode
    lastError
    redeliveredBy
    redeliveredAt
    attemptLog {
      attempt
      startedAt
      statusCode
      latencyMs
      error
      instanceId
      succeeded
    }
  }
`);

export const ALERT_RULES = graphql(`
  query AlertRules {
    alertRules {
      ...AlertRuleFields
    }
  }
`);

export const ALERT_RULE = graphql(`
  query AlertRule($id: ID!) {
    alertRule(id: $id) {
      ...AlertRuleFields
    }
    alertRuleChanges(ruleId: $id) {
      version
      kind
      changedBy
      changedAt
      rule
      secretChanged
    }
  }
`);

export const ALERT_EVENT_TYPES = graphql(`
  query AlertEventTypes {
    alertEventTypes
  }
`);

/** The newest delivery of a rule, for the list's "last delivery" column. */
export const LAST_DELIVERY = graphql(`
  query LastAlertDelivery($ruleId: ID!) {
    alertDeliveries(ruleId: $ruleId, first: 1) {
      edges {
        node {
          id
          state
          createdAt
          lastStatusCode
        }
      }
    }
  }
`);

export const ALERT_DELIVERIES = graphql(`
  query AlertDeliveries(
    $ruleId: ID!
    $states: [AlertDeliveryState!]
    $first: Int!
    $after: String
  ) {
    alertDeliveries(ruleId: $ruleId, states: $states, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...AlertDeliveryFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CREATE_ALERT_RULE = graphql(`
  mutation CreateAlertRule($input: AlertRuleInput!) {
    createAlertRule(input: $input) {
      id
      version
    }
  }
`);

export const UPDATE_ALERT_RULE = graphql(`
  mutation UpdateAlertRule($id: ID!, $input: AlertRuleInput!, $expectedVersion: Int) {
    updateAlertRule(id: $id, input: $input, expectedVersion: $expectedVersion) {
      id
      version
    }
  }
`);

export const DELETE_ALERT_RULE = graphql(`
  mutation DeleteAlertRule($id: ID!, $expectedVersion: Int) {
    deleteAlertRule(id: $id, expectedVersion: $expectedVersion) {
      id
    }
  }
`);

export const TEST_ALERT_RULE = graphql(`
  mutation TestAlertRule($id: ID!) {
    testAlertRule(id: $id) {
      ...AlertDeliveryFields
    }
  }
`);

export const REDELIVER = graphql(`
  mutation RedeliverAlertDelivery($id: ID!) {
    redeliverAlertDelivery(id: $id) {
      ...AlertDeliveryFields
    }
  }
`);
