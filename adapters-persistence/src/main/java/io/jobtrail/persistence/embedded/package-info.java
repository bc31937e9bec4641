/** Embedded PostgreSQL for running Jobtrail without a separately installed database server. */
@NullMarked
package io.jobtrail.persistence.embedded;

import org.jspecify.annotations.NullMarked;
