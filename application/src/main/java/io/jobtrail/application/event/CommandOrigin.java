package io.jobtrail.application.event;

import org.jspecify.annotations.Nullable;

/**
 * Who asks for a command (the authenticated principal, or a system component such as {@code
 * orchestrator}), and what caused it: the event or request it follows from and the conversation it
 * belongs to.
 */
public record CommandOrigin(
    String userId, @Nullable String causationId, @Nullable String correlationId) {

  public static CommandOrigin user(String userId) {
    return new CommandOrigin(userId, null, null);
  }
}
