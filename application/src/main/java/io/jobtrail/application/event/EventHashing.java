package io.jobtrail.application.event;

import io.jobtrail.domain.job.JobId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The per-job hash chain: {@code hash = SHA-256(prevHash ‖ canonical form of the event)}, where the
 * canonical form is the event's envelope with its documents as {@link CanonicalJson} of the event's
 * {@link HashScheme}.
 */
public final class EventHashing {

  private static final HexFormat HEX = HexFormat.of();

  private EventHashing() {}

  /**
   * The canonical form of a stored event in {@code scheme}: its envelope, its data document exactly
   * as stored (before any upcasting) and its metadata.
   */
  public static String canonicalForm(
      HashScheme scheme,
      UUID eventId,
      JobId jobId,
      long version,
      String eventType,
      int schemaVersion,
      Instant timestamp,
      Map<String, ?> data,
      Map<String, ?> metadata) {
    return CanonicalJson.write(
        envelope(eventId, jobId, version, eventType, schemaVersion, timestamp, data, metadata),
        scheme);
  }

  /**
   * The canonical form in {@link HashScheme#CURRENT} from the data and metadata documents already
   * written by {@link CanonicalJson#write(Object)} (what the store puts in its columns), so they
   * are not serialised twice.
   */
  public static String canonicalForm(
      UUID eventId,
      JobId jobId,
      long version,
      String eventType,
      int schemaVersion,
      Instant timestamp,
      CanonicalJson.Written data,
      CanonicalJson.Written metadata) {
    return CanonicalJson.write(
        envelope(eventId, jobId, version, eventType, schemaVersion, timestamp, data, metadata));
  }

  private static Map<String, Object> envelope(
      UUID eventId,
      JobId jobId,
      long version,
      String eventType,
      int schemaVersion,
      Instant timestamp,
      Object data,
      Object metadata) {
    var document = new LinkedHashMap<String, Object>();
    document.put("eventId", eventId.toString());
    document.put("jobId", jobId.toString());
    document.put("version", version);
    document.put("eventType", eventType);
    document.put("schemaVersion", schemaVersion);
    document.put("timestamp", timestamp.toString());
    document.put("data", data);
    document.put("metadata", metadata);
    return document;
  }

  /** Metadata as the document stored beside each event. */
  public static Map<String, Object> metadataDocument(EventMetadata metadata) {
    var document = new LinkedHashMap<String, Object>();
    document.put("userId", metadata.userId());
    putIfPresent(document, "traceId", metadata.traceId());
    putIfPresent(document, "spanId", metadata.spanId());
    putIfPresent(document, "causationId", metadata.causationId());
    putIfPresent(document, "correlationId", metadata.correlationId());
    document.put("instanceId", metadata.instanceId());
    EventMetadata.CopiedFrom copied = metadata.copiedFrom();
    if (copied != null) {
      document.put(
          "copiedFrom", Map.of("jobId", copied.jobId().toString(), "version", copied.version()));
    }
    EventMetadata.Environment environment = metadata.environment();
    if (environment != null) {
      document.put("environment", environmentDocument(environment));
    }
    return document;
  }

  /** {@code {version, host, agent?: {kind, ...}}}. */
  public static Map<String, Object> environmentDocument(EventMetadata.Environment environment) {
    var document = new LinkedHashMap<String, Object>();
    document.put("version", environment.version());
    document.put("host", environment.host());
    if (environment.agent() != null) {
      document.put("agent", environment.agent());
    }
    return document;
  }

  /** Metadata from its stored document. */
  public static EventMetadata metadataFrom(Map<String, ?> document) {
    return new EventMetadata(
        String.valueOf(document.get("userId")),
        stringOrNull(document.get("traceId")),
        stringOrNull(document.get("spanId")),
        stringOrNull(document.get("causationId")),
        stringOrNull(document.get("correlationId")),
        String.valueOf(document.get("instanceId")),
        copiedFrom(document.get("copiedFrom")),
        environment(document.get("environment")));
  }

  @SuppressWarnings("unchecked")
  private static EventMetadata.@Nullable Environment environment(@Nullable Object value) {
    if (!(value instanceof Map<?, ?> environment)) {
      return null;
    }
    Object agent = environment.get("agent");
    return new EventMetadata.Environment(
        String.valueOf(environment.get("version")),
        String.valueOf(environment.get("host")),
        agent instanceof Map<?, ?> a ? (Map<String, Object>) a : null);
  }

  private static EventMetadata.@Nullable CopiedFrom copiedFrom(@Nullable Object value) {
    if (!(value instanceof Map<?, ?> copied)) {
      return null;
    }
    return new EventMetadata.CopiedFrom(
        JobId.parse(String.valueOf(copied.get("jobId"))),
        ((Number) copied.get("version")).longValue());
  }

  private static void putIfPresent(
      Map<String, Object> document, String key, @Nullable String value) {
    if (value != null) {
      document.put(key, value);
    }
  }

  private static @Nullable String stringOrNull(@Nullable Object value) {
    return value == null ? null : value.toString();
  }

  public static String link(@Nullable String prevHash, String canonicalEvent) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    if (prevHash != null) {
      digest.update(HEX.parseHex(prevHash));
    }
    digest.update(canonicalEvent.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(digest.digest());
  }

  /** One digest per thread: looking one up for every event showed in the append's profile. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
          });
}
