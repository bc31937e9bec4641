package io.jobtrail.application.alert;

/**
 * A rule, a webhook target or a redelivery that cannot be what the caller asked for: the caller's
 * fault, answered as bad input. The message begins with the input field it is about, as in {@code
 * "webhook.url: 'ftp://x' must be an http or https URL"}.
 */
public final class InvalidAlertInput extends RuntimeException {

  private final String field;

  public InvalidAlertInput(String message) {
    super(message);
    int colon = message.indexOf(':');
    this.field =
        colon > 0 && message.substring(0, colon).matches("[A-Za-z.]+")
            ? message.substring(0, colon)
            : "input";
  }

  /** The input field at fault, e.g. {@code webhook.url}. */
  public String field() {
    return field;
  }
}
