package io.jobtrail.bootstrap.config;

import io.jobtrail.application.security.Role;
import io.jobtrail.application.security.TokenAuthenticator;
import io.jobtrail.application.security.TokenAuthenticator.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Bearer tokens from {@code jobtrail.security.tokens[n].token|role|user}. With none configured, an
 * admin token is generated at first start, kept in the data directory, and a console URL that signs
 * in with it is logged.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  TokenAuthenticator tokenAuthenticator(JobtrailProperties properties, Environment environment) {
    var configured = properties.security().tokens();
    if (!configured.isEmpty()) {
      var tokens = new java.util.ArrayList<Token>();
      for (int i = 0; i < configured.size(); i++) {
        tokens.add(token(i, configured.get(i)));
      }
      return new TokenAuthenticator(tokens);
    }
    Path file = properties.dataDir().resolve("admin-token").toAbsolutePath();
    String token;
    if (Files.exists(file)) {
      token = read(file);
      // Shown once, when generated: later starts name the file, never the token.
      LOG.info("No tokens configured: using the admin token kept in {}", file);
    } else {
      token = generate(file);
      String port =
          environment.getProperty(
              "local.server.port", environment.getProperty("server.port", "8080"));
      LOG.info(
          "No tokens configured: generated an admin token, kept in {} (shown this once). Open the"
              + " console signed in: http://localhost:{}/?token={}",
          file,
          port,
          token);
    }
    return new TokenAuthenticator(List.of(new Token(token, "admin", Role.ADMIN)));
  }

  private static Token token(int index, JobtrailProperties.TokenProperties configured) {
    String property = "jobtrail.security.tokens[" + index + "].token";
    if (configured.token() == null || configured.token().isBlank()) {
      throw new InvalidConfiguration(
          property + " is missing",
          "set " + property + " (or JOBTRAIL_SECURITY_TOKENS_" + index + "_TOKEN)");
    }
    if (configured.token().length() < 16) {
      throw new InvalidConfiguration(
          property + " is too short (" + configured.token().length() + " characters)",
          "use a token of at least 16 characters, e.g. the output of: openssl rand -hex 24");
    }
    String user =
        configured.user() == null ? configured.role().name().toLowerCase() : configured.user();
    return new Token(configured.token(), user, configured.role());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new InvalidConfiguration(
          "cannot read the admin token in " + file + " (" + e.getMessage() + ")",
          "make it readable, or configure jobtrail.security.tokens[0].token");
    }
  }

  private static String generate(Path file) {
    try {
      Files.createDirectories(file.getParent());
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String token = "jt_" + HexFormat.of().formatHex(random);
      Files.writeString(file, token + "\n");
      return token;
    } catch (IOException e) {
      throw new InvalidConfiguration(
          "cannot keep the generated admin token in " + file + " (" + e.getMessage() + ")",
          "make jobtrail.data-dir writable, or configure jobtrail.security.tokens[0].token");
    }
  }
}
