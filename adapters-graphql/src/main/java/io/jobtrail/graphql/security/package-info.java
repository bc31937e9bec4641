@NullMarked
package io.jobtrail.graphql.security;

import org.jspecify.annotations.NullMarked;
