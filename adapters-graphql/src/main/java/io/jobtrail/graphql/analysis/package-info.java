/** The GraphQL side of job families and their analysis. */
@NullMarked
package io.jobtrail.graphql.analysis;

import org.jspecify.annotations.NullMarked;
