@NullMarked
package io.jobtrail.graphql.alert;

import org.jspecify.annotations.NullMarked;
