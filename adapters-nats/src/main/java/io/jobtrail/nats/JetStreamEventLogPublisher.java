package io.jobtrail.nats;

import io.jobtrail.application.event.EnvelopeDocuments;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.EventLogPublisher;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event log on NATS JetStream: each event is a message on {@code <prefix>.<jobId>} with the
 * envelope as JSON and the event id as its {@code Nats-Msg-Id}, so the stream drops an event it
 * already stored within its duplicate window. A batch is published asynchronously on one connection
 * (the server stores one connection's messages in the order they were sent, which keeps each job's
 * events in order) and the call returns when the server acknowledged every message. The connection
 * is made on the first publish (and again after a failed one), so a broker that is away delays
 * publishing instead of stopping Jobtrail; the stream is created then if it does not exist.
 */
public final class JetStreamEventLogPublisher implements EventLogPublisher, AutoCloseable {

  private static final System.Logger LOG =
      System.getLogger(JetStreamEventLogPublisher.class.getName());
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** JetStream's error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;

  private final Settings settings;
  private @Nullable Connection connection;
  private @Nullable JetStream jetStream;

  /**
   * Where and how to publish. {@code credentialsFile} (a NATS {@code .creds} file), {@code
   * username}/{@code password} and {@code token} are alternatives; unset ones are not used.
   */
  public record Settings(
      String url,
      String stream,
      String subjectPrefix,
      @Nullable Path credentialsFile,
      @Nullable String username,
      @Nullable String password,
      @Nullable String token,
      Duration ackTimeout,
      Duration duplicateWindow,
      String connectionName) {

    public Settings {
      if (!stream.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException(
            "jobtrail.publishing.nats.stream: letters, digits, _ and - only");
      }
      if (!subjectPrefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
        throw new IllegalArgumentException(
            "jobtrail.publishing.nats.subject-prefix: dot-separated tokens, no wildcards");
      }
    }

    @Override
    public String toString() {
      return "Settings[" + url + " stream " + stream + " subjects " + subjectPrefix + ".>]";
    }
  }

  public JetStreamEventLogPublisher(Settings settings) {
    this.settings = settings;
  }

  /** Connects if not connected (the client reconnects by itself after a drop). */
  private synchronized JetStream jetStream()
      throws IOException, InterruptedException, JetStreamApiException {
    if (jetStream != null) {
      return jetStream;
    }
    var options =
        Options.builder()
            .server(settings.url())
            .connectionName(settings.connectionName())
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            .connectionTimeout(Duration.ofSeconds(5));
    if (settings.credentialsFile() != null) {
      options.authHandler(Nats.credentials(settings.credentialsFile().toString()));
    }
    if (settings.username() != null && settings.password() != null) {
      options.userInfo(settings.username(), settings.password());
    }
    if (settings.token() != null) {
      options.token(settings.token().toCharArray());
    }
    Connection connected;
    try {
      connected = Nats.connect(options.build());
    } catch (IOException e) {
      throw new IOException("NATS does not answer at " + settings.url() + ": " + e.getMessage(), e);
    }
    try {
      ensureStream(connected);
      JetStream connectedStream = connected.jetStream();
      connection = connected;
      jetStream = connectedStream;
      return connectedStream;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      connected.close();
      throw e;
    }
  }

  private void ensureStream(Connection connected) throws IOException, JetStreamApiException {
    JetStreamManagement management = connected.jetStreamManagement();
    try {
      StreamInfo info = management.getStreamInfo(settings.stream());
      LOG.log(
          Level.INFO,
          "publishing to the existing JetStream stream "
              + settings.stream()
              + " (subjects "
              + info.getConfiguration().getSubjects()
              + ")");
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      management.addStream(
          StreamConfiguration.builder()
              .name(settings.stream())
              .subjects(settings.subjectPrefix() + ".>")
              .storageType(StorageType.File)
              .duplicateWindow(settings.duplicateWindow())
              .description("Jobtrail's event log, one subject per job")
              .build());
      LOG.log(Level.INFO, "created the JetStream stream " + settings.stream());
    }
  }

  @Override
  public String destination() {
    return "nats:" + settings.stream();
  }

  /** The subject of a job's events. */
  public String subject(RecordedEvent event) {
    return settings.subjectPrefix() + "." + event.jobId();
  }

  @Override
  public Receipt publish(List<RecordedEvent> events)
      throws IOException, InterruptedException, TimeoutException, JetStreamApiException {
    JetStream jetStream = jetStream();
    var acks = new ArrayList<CompletableFuture<PublishAck>>(events.size());
    for (RecordedEvent event : events) {
      var headers = new Headers();
      headers.put("Jobtrail-Job-Id", event.jobId().toString());
      headers.put("Jobtrail-Sequence", Long.toString(event.version()));
      headers.put("Jobtrail-Event-Type", event.eventType());
      headers.put("Jobtrail-Cursor", event.cursor().toString());
      var message =
          NatsMessage.builder()
              .subject(subject(event))
              .headers(headers)
              .data(JSON.writeValueAsBytes(EnvelopeDocuments.of(event)))
              .build();
      var options =
          PublishOptions.builder()
              .messageId(event.eventId().toString())
              .expectedStream(settings.stream())
              .build();
      acks.add(jetStream.publishAsync(message, options));
    }
    long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
    int duplicates = 0;
    for (CompletableFuture<PublishAck> ack : acks) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        if (ack.get(left, TimeUnit.NANOSECONDS).isDuplicate()) {
          duplicates++;
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new IOException("JetStream did not store an event: " + cause.getMessage(), cause);
      } catch (TimeoutException e) {
        throw new TimeoutException(
            "JetStream did not acknowledge every event within "
                + settings.ackTimeout().toMillis()
                + "ms");
      }
    }
    return new Receipt(events.size() - duplicates, duplicates);
  }

  @Override
  public synchronized void close() throws InterruptedException {
    if (connection != null) {
      connection.close();
      connection = null;
      jetStream = null;
    }
  }
}
