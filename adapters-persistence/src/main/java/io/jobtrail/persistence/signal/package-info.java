/** Wake-ups between instances over PostgreSQL LISTEN/NOTIFY. */
@NullMarked
package io.jobtrail.persistence.signal;

import org.jspecify.annotations.NullMarked;
