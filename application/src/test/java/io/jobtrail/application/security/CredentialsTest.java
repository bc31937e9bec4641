package io.jobtrail.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  @Test
  void givenKeysThatHoldSecrets_whenChecked_thenTheyLookLikeCredentials() {
    for (String key :
        List.of(
            "apiKey",
            "api_key",
            "password",
            "clientSecret",
            "accessToken",
            "token",
            "Authorization",
            "privateKey",
            "AWS_SECRET_ACCESS_KEY",
            "bearer")) {
      assertThat(Credentials.looksLikeCredential(key)).as(key).isTrue();
    }
  }

  @Test
  void givenReferencesAndOrdinaryKeys_whenChecked_thenTheyDoNot() {
    for (String key :
        List.of(
            "apiKeyEnv",
            "apiKeySecretName",
            "maxTokens",
            "model",
            "baseUrl",
            "latencyMs",
            "tokenizer",
            "name")) {
      assertThat(Credentials.looksLikeCredential(key)).as(key).isFalse();
    }
  }

  @Test
  void givenNestedSecrets_whenFound_thenEachPathIsNamed() {
    Map<String, Object> settings =
        Map.of(
            "model",
            "m",
            "auth",
            Map.of("password", "p"),
            "headers",
            List.of(Map.of("token", "t")));

    assertThat(Credentials.inline("settings", settings))
        .containsExactlyInAnyOrder("settings.auth.password", "settings.headers[0].token");
  }

  @Test
  void givenADocumentWithSecrets_whenMasked_thenOnlyTheirValuesAreHidden() {
    Map<String, Object> masked =
        Credentials.masked(
            Map.of("model", "m", "apiKey", "sk-live", "nested", Map.of("secret", 7)));

    assertThat(masked)
        .containsEntry("model", "m")
        .containsEntry("apiKey", Credentials.MASK)
        .containsEntry("nested", Map.of("secret", Credentials.MASK));
  }
}
