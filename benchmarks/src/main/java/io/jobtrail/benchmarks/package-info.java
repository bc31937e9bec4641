/** Benchmarks run by hand ({@code benchmarks/run}), never by the build. */
@NullMarked
package io.jobtrail.benchmarks;

import org.jspecify.annotations.NullMarked;
