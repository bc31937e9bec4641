package io.jobtrail.webhooks;

import io.jobtrail.application.alert.InvalidAlertInput;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which URLs may receive webhooks: http or https, a host and no credentials in the URL, and, unless
 * private targets are allowed, a host whose every address is public (not loopback, link-local such
 * as cloud metadata services, private, shared or unique-local, multicast or unspecified), so a rule
 * cannot make Jobtrail call into the network it runs in. Checked when a rule is written and again
 * before every attempt (the name may resolve differently by then).
 */
public final class WebhookTargets {

  private final boolean allowPrivate;

  public WebhookTargets(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /**
   * @throws InvalidAlertInput saying why the URL may not receive webhooks
   */
  public void check(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new InvalidAlertInput("webhook.url: '" + url + "' must be an http or https URL");
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw new InvalidAlertInput("webhook.url: '" + url + "' has no host");
    }
    if (url.getRawUserInfo() != null) {
      throw new InvalidAlertInput(
          "webhook.url: credentials do not belong in the URL; receivers check the signature");
    }
    if (allowPrivate) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(url.getHost());
    } catch (UnknownHostException e) {
      throw new InvalidAlertInput("webhook.url: the host " + url.getHost() + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw new InvalidAlertInput(
            "webhook.url: "
                + url.getHost()
                + " resolves to "
                + address.getHostAddress()
                + ", a loopback or private address; set jobtrail.alerts.allow-private-targets=true"
                + " to allow those");
      }
    }
  }

  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0 // "this network"
          && !(first == 100 && second >= 64 && second <= 127) // shared (carrier-grade NAT)
          && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          && !(first == 198 && (second == 18 || second == 19)) // benchmarking
          && first < 240; // reserved and broadcast
    }
    if (address instanceof Inet6Address) {
      return (b[0] & 0xfe) != 0xfc; // unique local fc00::/7
    }
    return false;
  }
}
