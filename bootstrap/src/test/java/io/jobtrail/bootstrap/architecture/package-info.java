@NullMarked
package io.jobtrail.bootstrap.architecture;

import org.jspecify.annotations.NullMarked;
