@NullMarked
package io.jobtrail.persistence.consumer;

import org.jspecify.annotations.NullMarked;
