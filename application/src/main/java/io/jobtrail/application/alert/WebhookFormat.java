package io.jobtrail.application.alert;

/** The body a rule's webhook receives. */
public enum WebhookFormat {
  /** Jobtrail's payload: the rule, the job and the triggering events. */
  JSON,
  /** A Slack incoming-webhook message ({@code text} and {@code blocks}). */
  SLACK
}
