@NullMarked
package io.jobtrail.persistence.embedded;

import org.jspecify.annotations.NullMarked;
