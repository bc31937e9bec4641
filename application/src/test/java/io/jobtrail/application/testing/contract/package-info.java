/**
 * One abstract contract test per outbound port. Each implementation's test subclasses it and says
 * how to make fresh instances; the contracts use nothing but the ports, so they run unchanged
 * against the in-memory and the database implementations.
 */
@NullMarked
package io.jobtrail.application.testing.contract;

import org.jspecify.annotations.NullMarked;
