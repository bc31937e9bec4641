@NullMarked
package io.jobtrail.persistence.sql;

import org.jspecify.annotations.NullMarked;
