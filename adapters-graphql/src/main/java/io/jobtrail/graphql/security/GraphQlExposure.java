package io.jobtrail.graphql.security;

/**
 * What the GraphQL endpoint shows without a token. By default nothing: introspection and {@code
 * /graphql/schema} need a valid token of any role, like every operation.
 */
public record GraphQlExposure(boolean schemaWithoutToken) {}
