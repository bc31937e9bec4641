@NullMarked
package io.jobtrail.application.port.out;

import org.jspecify.annotations.NullMarked;
