@NullMarked
package io.jobtrail.persistence.signal;

import org.jspecify.annotations.NullMarked;
