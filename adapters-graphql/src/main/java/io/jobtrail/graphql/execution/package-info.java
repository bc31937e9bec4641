/** How GraphQL operations execute: which thread runs a field. */
@NullMarked
package io.jobtrail.graphql.execution;

import org.jspecify.annotations.NullMarked;
