package io.jobtrail.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** The generated admin token is shown once, when it is generated, and never again. */
@ExtendWith(OutputCaptureExtension.class)
class SecurityConfigurationTest {

  @Test
  void givenNoTokens_whenStartedTwice_thenTheTokenIsLoggedOnlyTheFirstTime(CapturedOutput output)
      throws Exception {
    Path dataDir = Files.createTempDirectory("jobtrail-token");
    var environment = new MockEnvironment().withProperty("jobtrail.data-dir", dataDir.toString());
    JobtrailProperties properties =
        Binder.get(environment).bindOrCreate("jobtrail", JobtrailProperties.class);
    var configuration = new SecurityConfiguration();

    configuration.tokenAuthenticator(properties, environment);
    String token = Files.readString(dataDir.resolve("admin-token")).strip();
    assertThat(output.getAll()).contains("?token=" + token);
    int afterFirst = output.getAll().length();

    configuration.tokenAuthenticator(properties, environment);

    String second = output.getAll().substring(afterFirst);
    assertThat(second).contains("admin-token").doesNotContain(token);
  }
}
