package io.jobtrail.application.alert;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as rules write them: ISO-8601 ({@code PT10M}) or a number and a unit ({@code 10m}). */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
  static final Duration LONGEST = Duration.ofDays(30);

  private Durations() {}

  /**
   * @throws InvalidAlertInput naming {@code field} if the text is not a duration of at least one
   *     second and at most 30 days
   */
  public static Duration parse(String field, String text) {
    Duration duration = parseOrNull(text.trim());
    if (duration == null) {
      throw new InvalidAlertInput(
          field + ": '" + text + "' is not a duration: write e.g. 90s, 10m, 2h, 1d or PT10M");
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(LONGEST) > 0) {
      throw new InvalidAlertInput(field + ": " + text + " is out of range: between 1s and 30d");
    }
    return duration;
  }

  /** The short form of a duration, as {@link #parse} reads it back. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }

  private static Duration parseOrNull(String text) {
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }
}
