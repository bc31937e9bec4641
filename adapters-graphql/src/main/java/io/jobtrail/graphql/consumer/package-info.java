@NullMarked
package io.jobtrail.graphql.consumer;

import org.jspecify.annotations.NullMarked;
