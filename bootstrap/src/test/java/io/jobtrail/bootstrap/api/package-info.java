@NullMarked
package io.jobtrail.bootstrap.api;

import org.jspecify.annotations.NullMarked;
