@NullMarked
package io.jobtrail.bootstrap.config;

import org.jspecify.annotations.NullMarked;
