@NullMarked
package io.jobtrail.application.event;

import org.jspecify.annotations.NullMarked;
