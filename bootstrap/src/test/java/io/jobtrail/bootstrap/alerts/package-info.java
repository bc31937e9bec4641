@NullMarked
package io.jobtrail.bootstrap.alerts;

import org.jspecify.annotations.NullMarked;
