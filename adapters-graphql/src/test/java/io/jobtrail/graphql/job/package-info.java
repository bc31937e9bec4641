@NullMarked
package io.jobtrail.graphql.job;

import org.jspecify.annotations.NullMarked;
