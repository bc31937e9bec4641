/** The orchestrator's leases, instance registry and job logs in PostgreSQL. */
@NullMarked
package io.jobtrail.persistence.orchestrator;

import org.jspecify.annotations.NullMarked;
