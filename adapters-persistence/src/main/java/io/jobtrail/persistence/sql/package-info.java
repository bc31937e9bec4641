/** SQL written with jOOQ, rendered once and run over JDBC (the hot paths). */
@NullMarked
package io.jobtrail.persistence.sql;

import org.jspecify.annotations.NullMarked;
