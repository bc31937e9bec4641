/**
 * In-memory implementations of the outbound ports and the test data that drives them, published in
 * the application test-jar for every module's tests.
 */
@NullMarked
package io.jobtrail.application.testing;

import org.jspecify.annotations.NullMarked;
