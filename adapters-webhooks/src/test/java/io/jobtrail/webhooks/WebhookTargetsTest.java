package io.jobtrail.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.alert.InvalidAlertInput;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsTest {

  private final WebhookTargets strict = new WebhookTargets(false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "0.0.0.0",
        "::",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "100.64.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "0.1.2.3",
        "198.18.0.1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1"
      })
  void givenALoopbackOrPrivateAddress_thenItIsNotPublic(String address) throws Exception {
    assertThat(WebhookTargets.isPublic(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "2606:4700:4700::1111"})
  void givenAPublicAddress_thenItIsPublic(String address) throws Exception {
    assertThat(WebhookTargets.isPublic(InetAddress.getByName(address))).isTrue();
  }

  @Test
  void givenPrivateTargetsNotAllowed_whenTheUrlIsLoopback_thenRejectedWithTheSettingToChange() {
    assertThatThrownBy(() -> strict.check(URI.create("http://127.0.0.1:8080/hook")))
        .isInstanceOf(InvalidAlertInput.class)
        .hasMessageContaining("loopback or private")
        .hasMessageContaining("jobtrail.alerts.allow-private-targets=true");
  }

  @Test
  void givenPrivateTargetsAllowed_whenTheUrlIsLoopback_thenAccepted() {
    assertThatCode(() -> new WebhookTargets(true).check(URI.create("http://127.0.0.1:8080/hook")))
        .doesNotThrowAnyException();
  }

  @Test
  void givenAPublicAddressLiteral_whenChecked_thenAccepted() {
    assertThatCode(() -> strict.check(URI.create("https://8.8.8.8/hook")))
        .doesNotThrowAnyException();
  }

  @Test
  void givenAnyPolicy_whenTheSchemeOrCredentialsAreWrong_thenRejected() {
    var lenient = new WebhookTargets(true);
    assertThatThrownBy(() -> lenient.check(URI.create("file:///etc/passwd")))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> lenient.check(URI.create("gopher://127.0.0.1/x")))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> lenient.check(URI.create("https://u:p@127.0.0.1/x")))
        .hasMessageContaining("credentials");
  }
}
