@NullMarked
package io.jobtrail.application.port.in;

import org.jspecify.annotations.NullMarked;
