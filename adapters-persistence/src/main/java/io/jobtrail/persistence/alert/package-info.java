@NullMarked
package io.jobtrail.persistence.alert;

import org.jspecify.annotations.NullMarked;
