package io.jobtrail.application.testing;

import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.HashScheme;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.StepId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fixed job of three events (ids, times and metadata fixed too) whose canonical forms and hashes
 * are pinned for every {@link io.jobtrail.application.event.HashScheme}: text in many scripts and
 * escapes, numbers of every kind, nested and empty documents, absent metadata fields. A change of
 * the canonical form, however small, changes these bytes; the tests that compare with them say
 * which.
 */
public final class GoldenEvents {

  public static final JobId JOB_ID =
      new JobId(UUID.fromString("0190f0e4-7c1a-7000-8000-00000000000a"));
  public static final Instant AT = Instant.parse("2025-03-01T09:00:00.123456Z");

  private GoldenEvents() {}

  /**
   * The hashes of versions 1 to 3 in each scheme, checked against an independent SHA-256 (Python's
   * hashlib) over the golden canonical forms when they were pinned.
   */
  public static List<String> hashes(HashScheme scheme) {
    return switch (scheme) {
      case PLAIN_DECIMALS ->
          List.of(
              "4f9b7ac49289f91e87cbee927eebeef9edd5dff13b79e80ec99a74249e055375",
              "1696b495f54d2830349b0ee9e267427a542fbfcee61c7712b7dd38c334942efc",
              "69cbfc1e8e1ca2dec9de69d6207e96ca3958b873c6006908dd16905d538f884d");
      case RFC_8785 ->
          List.of(
              "cf06cab05817e6659df8462f59561708175f1d1b815f63113a2b8c939c17b068",
              "0f5919c74070d5c214ad9cb467a4df42ea5750a5ac50d52fa9a7abcd599a88a2",
              "dfa25296d82a90dd4f276cb44bb820c4bb65278d1cb5d909a514b970725ff067");
    };
  }

  /**
   * The exact canonical form of the event at {@code version} in {@code scheme}, as pinned in {@code
   * golden/hash-scheme-<scheme>-event-<version>.json} (UTF-8, no final newline).
   */
  public static String canonicalForm(HashScheme scheme, long version) {
    String name = "golden/hash-scheme-" + scheme.version() + "-event-" + version + ".json";
    try (InputStream in = GoldenEvents.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parameters with numbers of every kind, text in several scripts, nesting, empty containers. */
  public static Map<String, Object> parameters() {
    var numbers = new LinkedHashMap<String, Object>();
    numbers.put("zero", 0);
    numbers.put("negative", -42L);
    numbers.put("largestLong", Long.MAX_VALUE);
    numbers.put("smallestLong", Long.MIN_VALUE);
    numbers.put("wholeDouble", 3.0);
    numbers.put("fraction", 0.25);
    numbers.put("third", 1.0 / 3);
    numbers.put("huge", 1e21);
    numbers.put("tiny", 1e-7);
    numbers.put("millionth", 0.000001);
    numbers.put("negativeZero", -0.0);
    numbers.put("largestDouble", Double.MAX_VALUE);
    numbers.put("smallestDouble", Double.MIN_VALUE);
    var text = new LinkedHashMap<String, Object>();
    text.put("accents", "café naïve Ångström");
    text.put("combining", "e\u0301");
    text.put("hebrew", "שלום");
    text.put("cjk", "漢字かな");
    text.put("emoji", "😀👍🏽");
    text.put("escapes", "quote \" backslash \\ slash / tab \t newline \n return \r");
    text.put("controls", "\u0001\u001f\u007f\b\f");
    text.put("lineSeparator", "\u2028\u2029");
    var parameters = new LinkedHashMap<String, Object>();
    parameters.put("numbers", numbers);
    parameters.put("text", text);
    parameters.put("nested", Map.of("a", Map.of("b", List.of(1, List.of(2, Map.of("c", true))))));
    parameters.put("emptyObject", Map.of());
    parameters.put("emptyList", List.of());
    parameters.put("flags", List.of(true, false));
    // Keys that sort differently by code point and by UTF-16 code unit (RFC 8785 §3.2.3).
    parameters.put("\uFB33", "after the emoji in UTF-16 order");
    parameters.put("😀", "before U+FB33 in UTF-16 order");
    parameters.put("€", "euro");
    return parameters;
  }

  /** Metadata with every field set. */
  public static final EventMetadata FULL_METADATA =
      new EventMetadata(
          "alice@example.com",
          "4bf92f3577b34da6a3ce929d0e0e4736",
          "00f067aa0ba902b7",
          "0190f0e4-7c1a-7b2e-9d3c-000000000001",
          "request-42",
          "instance-1");

  /** Metadata of a system component: no trace, no causation, no correlation. */
  public static final EventMetadata SYSTEM_METADATA =
      new EventMetadata("system:orchestrator", null, null, null, null, "instance-1");

  /** The job's events, versions 1 to 3. */
  public static List<NewEvent> events() {
    var coder =
        new AgentSpec(
            "command",
            Map.of("executable", "/usr/local/bin/coder", "args", List.of("--json", "--ünïcode")));
    var created =
        new JobEvent.JobCreated(
            JOB_ID,
            "golden 🟡",
            "Add two numbers.\nQuote \"carefully\"",
            parameters(),
            new AgentAssignment(AgentSpec.SIMULATED, coder, AgentSpec.SIMULATED),
            new JobLimits(2, 3, 90_000, 250, 4_000),
            "alice@example.com",
            null,
            AT);
    var planner =
        new JobEvent.PlannerStarted(
            new StepId("plan"),
            1,
            new AgentInput(
                "Add two numbers.", Map.of("ratio", 0.5, "empty", Map.of()), null, null, null, 0),
            AT.plusMillis(1));
    var failed =
        new JobEvent.JobStepFailed(
            new StepId("plan"),
            1,
            FailureKind.ERROR,
            "rate limited: \"429\"\nretry after 1.5e-3 s",
            AT.plusMillis(2));
    return List.of(
        new NewEvent(
            UUID.fromString("0190f0e4-7c1a-7b2e-9d3c-00000000000b"), created, FULL_METADATA),
        new NewEvent(
            UUID.fromString("0190f0e4-7c1a-7b2e-9d3c-00000000000c"), planner, SYSTEM_METADATA),
        new NewEvent(
            UUID.fromString("0190f0e4-7c1a-7b2e-9d3c-00000000000d"), failed, SYSTEM_METADATA));
  }
}
