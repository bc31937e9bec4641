@NullMarked
package io.jobtrail.bootstrap.cluster;

import org.jspecify.annotations.NullMarked;
