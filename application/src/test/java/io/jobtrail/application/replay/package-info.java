@NullMarked
package io.jobtrail.application.replay;

import org.jspecify.annotations.NullMarked;
