/** The runnable application: Spring Boot wiring of the framework-free core and the adapters. */
@NullMarked
package io.jobtrail.bootstrap;

import org.jspecify.annotations.NullMarked;
