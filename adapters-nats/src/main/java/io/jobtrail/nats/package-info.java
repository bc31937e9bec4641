@NullMarked
package io.jobtrail.nats;

import org.jspecify.annotations.NullMarked;
