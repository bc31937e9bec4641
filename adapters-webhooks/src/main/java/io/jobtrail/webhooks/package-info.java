@NullMarked
package io.jobtrail.webhooks;

import org.jspecify.annotations.NullMarked;
