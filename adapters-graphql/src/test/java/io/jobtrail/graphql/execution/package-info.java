@NullMarked
package io.jobtrail.graphql.execution;

import org.jspecify.annotations.NullMarked;
