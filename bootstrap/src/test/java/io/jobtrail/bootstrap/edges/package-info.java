/** The edges: hostile input, transport rejections, exposure, faults and shutdown. */
@NullMarked
package io.jobtrail.bootstrap.edges;

import org.jspecify.annotations.NullMarked;
