/** Read models of the log shared by the inbound and outbound ports. */
@NullMarked
package io.jobtrail.application.readmodel;

import org.jspecify.annotations.NullMarked;
