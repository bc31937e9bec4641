/** The PostgreSQL event store, job summaries and snapshots, with jOOQ. */
@NullMarked
package io.jobtrail.persistence.event;

import org.jspecify.annotations.NullMarked;
