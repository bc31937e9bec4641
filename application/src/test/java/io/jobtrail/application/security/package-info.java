@NullMarked
package io.jobtrail.application.security;

import org.jspecify.annotations.NullMarked;
