package io.jobtrail.application.event;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who asks for a command (the authenticated principal, or a system component such as {@code
 * orchestrator}), and what caused it: the event or request it follows from and the conversation it
 * belongs to; for the outcome of an agent call, the agent that ran it (see {@link
 * EventMetadata.Environment}).
 */
public record CommandOrigin(
    String userId,
    @Nullable String causationId,
    @Nullable String correlationId,
    @Nullable Map<String, Object> agent) {

  public CommandOrigin(
      String userId, @Nullable String causationId, @Nullable String correlationId) {
    this(userId, causationId, correlationId, null);
  }

  /** This origin, for the outcome of a call by {@code agent} (its environment entry). */
  public CommandOrigin withAgent(Map<String, Object> agent) {
    return new CommandOrigin(userId, causationId, correlationId, agent);
  }

  public static CommandOrigin user(String userId) {
    return new CommandOrigin(userId, null, null);
  }
}
