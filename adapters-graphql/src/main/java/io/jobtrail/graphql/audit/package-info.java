@NullMarked
package io.jobtrail.graphql.audit;

import org.jspecify.annotations.NullMarked;
