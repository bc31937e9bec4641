/** GraphQL over HTTP and WebSocket beyond what Spring for GraphQL does itself. */
@NullMarked
package io.jobtrail.graphql.transport;

import org.jspecify.annotations.NullMarked;
