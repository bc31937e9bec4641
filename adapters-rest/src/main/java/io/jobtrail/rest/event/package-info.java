/** Event reads over plain HTTP for tools that do not speak GraphQL. */
@NullMarked
package io.jobtrail.rest.event;

import org.jspecify.annotations.NullMarked;
