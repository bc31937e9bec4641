@NullMarked
package io.jobtrail.application.alert;

import org.jspecify.annotations.NullMarked;
