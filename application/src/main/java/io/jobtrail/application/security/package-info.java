/** Callers, roles and bearer tokens, shared by every inbound adapter. */
@NullMarked
package io.jobtrail.application.security;

import org.jspecify.annotations.NullMarked;
