package io.jobtrail.graphql.limits;

/**
 * How much one request or connection may ask for: query depth and complexity (fields counted
 * recursively), active subscriptions per WebSocket connection, and the size of an HTTP request.
 */
public record GraphQlLimits(
    int maxDepth, int maxComplexity, int maxSubscriptionsPerConnection, int maxRequestBytes) {}
