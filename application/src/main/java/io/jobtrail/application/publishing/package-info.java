@NullMarked
package io.jobtrail.application.publishing;

import org.jspecify.annotations.NullMarked;
