/** The jOOQ event store, summaries and snapshots against real PostgreSQL. */
@NullMarked
package io.jobtrail.persistence.event;

import org.jspecify.annotations.NullMarked;
