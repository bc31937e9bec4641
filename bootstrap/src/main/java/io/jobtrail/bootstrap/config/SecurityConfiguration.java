package io.jobtrail.bootstrap.config;

import io.jobtrail.application.security.Role;
import io.jobtrail.application.security.TokenAuthenticator;
import io.jobtrail.application.security.TokenAuthenticator.Token;
import java.io.IOException;
import java.io.UncheckedIOException;
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
      return new TokenAuthenticator(
          configured.stream()
              .map(
                  t ->
                      new Token(
                          t.token(),
                          t.user() == null ? t.role().name().toLowerCase() : t.user(),
                          t.role()))
              .toList());
    }
    String token = generatedAdminToken(properties.dataDir());
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    LOG.info(
        "No tokens configured: using the generated admin token in {}. Open the console signed in:"
            + " http://localhost:{}/?token={}",
        properties.dataDir().resolve("admin-token").toAbsolutePath(),
        port,
        token);
    return new TokenAuthenticator(List.of(new Token(token, "admin", Role.ADMIN)));
  }

  private static String generatedAdminToken(Path dataDir) {
    Path file = dataDir.resolve("admin-token");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      Files.createDirectories(dataDir);
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String token = "jt_" + HexFormat.of().formatHex(random);
      Files.writeString(file, token + "\n");
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the admin token in " + file, e);
    }
  }
}
