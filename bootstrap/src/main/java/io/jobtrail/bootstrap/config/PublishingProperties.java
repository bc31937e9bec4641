package io.jobtrail.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jobtrail.publishing.*}: the relay of the event log to a broker. NATS JetStream is on when
 * {@code nats.url} is set; the credentials are alternatives (a {@code .creds} file, a user and
 * password, or a token).
 */
@ConfigurationProperties("jobtrail.publishing")
public record PublishingProperties(@DefaultValue Nats nats) {

  public record Nats(
      @DefaultValue("") String url,
      @DefaultValue("JOBTRAIL") String stream,
      @DefaultValue("jobtrail.events") String subjectPrefix,
      @DefaultValue("") String credentialsFile,
      @DefaultValue("") String username,
      @DefaultValue("") String password,
      @DefaultValue("") String token,
      @DefaultValue("5s") Duration ackTimeout,
      @DefaultValue("2m") Duration duplicateWindow) {

    @Override
    public String toString() {
      return "Nats[url=" + url + ", stream=" + stream + ", subjectPrefix=" + subjectPrefix + "]";
    }
  }
}
