@NullMarked
package io.jobtrail.bootstrap.browser;

import org.jspecify.annotations.NullMarked;
