package io.jobtrail.application.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Resolves bearer tokens to callers, comparing in constant time. */
public final class TokenAuthenticator {

  /** A configured token, the user it stands for and its role. */
  public record Token(String token, String userId, Role role) {
    public Token {
      if (token.length() < 16) {
        throw new IllegalArgumentException(
            "token for " + userId + " is too short: use at least 16 characters");
      }
    }
  }

  private final List<Token> tokens;

  public TokenAuthenticator(List<Token> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("at least one token must be configured");
    }
    this.tokens = List.copyOf(tokens);
  }

  /**
   * The caller for an {@code Authorization} value ({@code Bearer <token>}, or the bare token).
   *
   * @throws AccessDenied (unauthenticated) if it is missing or matches no configured token
   */
  public Caller authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw AccessDenied.unauthenticated(
          "no credentials: send 'Authorization: Bearer <token>' (on WebSocket, in the"
              + " connection_init payload)");
    }
    String presented = authorization.strip();
    if (presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = presented.substring(7).strip();
    }
    byte[] presentedBytes = presented.getBytes(StandardCharsets.UTF_8);
    Caller match = null;
    for (Token token : tokens) {
      if (MessageDigest.isEqual(token.token().getBytes(StandardCharsets.UTF_8), presentedBytes)) {
        match = new Caller(token.userId(), token.role());
      }
    }
    if (match == null) {
      throw AccessDenied.unauthenticated("the token is not valid: check it or ask for a new one");
    }
    return match;
  }
}
