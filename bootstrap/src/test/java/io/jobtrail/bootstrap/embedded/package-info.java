@NullMarked
package io.jobtrail.bootstrap.embedded;

import org.jspecify.annotations.NullMarked;
