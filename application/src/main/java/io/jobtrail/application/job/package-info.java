@NullMarked
package io.jobtrail.application.job;

import org.jspecify.annotations.NullMarked;
