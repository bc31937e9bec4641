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
  private final List<byte[]> digests;

  public TokenAuthenticator(List<Token> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("at least one token must be configured");
    }
    this.tokens = List.copyOf(tokens);
    this.digests = this.tokens.stream().map(token -> digest(token.token())).toList();
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
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
    // Digests of equal length, compared in constant time, against every token: neither the
    // content nor the length of a token shows in how long a check takes.
    byte[] presentedDigest = digest(presented);
    Caller match = null;
    for (int i = 0; i < tokens.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), presentedDigest)) {
        Token token = tokens.get(i);
        match = new Caller(token.userId(), token.role());
      }
    }
    if (match == null) {
      throw AccessDenied.unauthenticated("the token is not valid: check it or ask for a new one");
    }
    return match;
  }
}
