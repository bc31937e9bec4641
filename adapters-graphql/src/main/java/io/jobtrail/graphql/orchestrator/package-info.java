@NullMarked
package io.jobtrail.graphql.orchestrator;

import org.jspecify.annotations.NullMarked;
