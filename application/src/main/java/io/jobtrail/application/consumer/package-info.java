@NullMarked
package io.jobtrail.application.consumer;

import org.jspecify.annotations.NullMarked;
