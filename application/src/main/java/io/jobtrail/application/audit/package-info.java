@NullMarked
package io.jobtrail.application.audit;

import org.jspecify.annotations.NullMarked;
