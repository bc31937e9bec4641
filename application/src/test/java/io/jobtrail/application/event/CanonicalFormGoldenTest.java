package io.jobtrail.application.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.testing.GoldenEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The canonical form's exact bytes, pinned. Old events are verified by recomputing their hash from
 * the canonical form of their scheme, so a change to any scheme's output (a number spelled another
 * way, a key order, an escape) would make every old job look altered: these tests fail first. A new
 * form is a new {@link HashScheme} with vectors of its own.
 */
class CanonicalFormGoldenTest {

  @ParameterizedTest
  @EnumSource(HashScheme.class)
  void givenTheGoldenJob_whenEachEventIsCanonicalised_thenTheExactPinnedBytesAndHashes(
      HashScheme scheme) {
    List<String> hashes = new ArrayList<>();
    String prevHash = null;
    long version = 0;
    for (NewEvent event : GoldenEvents.events()) {
      version++;
      String canonical =
          EventHashing.canonicalForm(
              scheme,
              event.eventId(),
              GoldenEvents.JOB_ID,
              version,
              event.event().eventType(),
              EventDocuments.CURRENT_SCHEMA_VERSION,
              event.event().at(),
              EventDocuments.write(event.event()),
              EventHashing.metadataDocument(event.metadata()));
      assertThat(canonical)
          .as("canonical form of version %d in %s", version, scheme)
          .isEqualTo(GoldenEvents.canonicalForm(scheme, version));
      prevHash = EventHashing.link(prevHash, canonical);
      hashes.add(prevHash);
    }
    assertThat(hashes).isEqualTo(GoldenEvents.hashes(scheme));
  }

  @Test
  void givenTheGoldenJob_whenItsDocumentsAreWrittenOnceForTheColumns_thenTheCurrentSchemesBytes() {
    long version = 0;
    for (NewEvent event : GoldenEvents.events()) {
      version++;
      String fromWritten =
          EventHashing.canonicalForm(
              event.eventId(),
              GoldenEvents.JOB_ID,
              version,
              event.event().eventType(),
              EventDocuments.CURRENT_SCHEMA_VERSION,
              event.event().at(),
              new CanonicalJson.Written(CanonicalJson.write(EventDocuments.write(event.event()))),
              new CanonicalJson.Written(
                  CanonicalJson.write(EventHashing.metadataDocument(event.metadata()))));
      assertThat(fromWritten).isEqualTo(GoldenEvents.canonicalForm(HashScheme.CURRENT, version));
    }
  }

  @Test
  void givenTheTwoSchemes_whenTheGoldenJobIsWritten_thenTheyDifferOnlyInNumbersWithAnExponent() {
    String plain = GoldenEvents.canonicalForm(HashScheme.PLAIN_DECIMALS, 1);
    String jcs = GoldenEvents.canonicalForm(HashScheme.RFC_8785, 1);

    assertThat(plain)
        .contains("\"huge\":1000000000000000000000,", "\"tiny\":0.0000001,")
        .contains("\"smallestDouble\":0.000000000000000000000000000000");
    assertThat(jcs)
        .contains("\"huge\":1e+21,", "\"tiny\":1e-7,", "\"smallestDouble\":5e-324,")
        .contains("\"largestDouble\":1.7976931348623157e+308,");
    String[] numbersWithExponent = {"huge", "largestDouble", "smallestDouble", "tiny"};
    assertThat(withoutMembers(plain, numbersWithExponent))
        .isEqualTo(withoutMembers(jcs, numbersWithExponent));
    for (long version = 2; version <= 3; version++) {
      assertThat(GoldenEvents.canonicalForm(HashScheme.PLAIN_DECIMALS, version))
          .isEqualTo(GoldenEvents.canonicalForm(HashScheme.RFC_8785, version));
    }
  }

  private static String withoutMembers(String json, String... names) {
    String result = json;
    for (String name : names) {
      result = result.replaceAll("\"" + name + "\":[^,}]*,?", "");
    }
    return result;
  }

  // RFC 8785, Appendix B: IEEE-754 doubles and their serialisation.

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void givenTheRfc8785NumberSamples_whenWritten_thenAsTheRfcSpellsThem(String bits, String text) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

    assertThat(CanonicalJson.write(value, HashScheme.RFC_8785)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"7fffffffffffffff", "7ff0000000000000", "fff0000000000000"})
  void givenANumberJsonCannotHold_whenWrittenInRfc8785_thenRefused(String bits) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

    assertThatThrownBy(() -> CanonicalJson.write(Map.of("n", value), HashScheme.RFC_8785))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThat(CanonicalJson.write(value, HashScheme.PLAIN_DECIMALS)).isEqualTo("null");
  }

  @Test
  void givenRandomDoubles_whenWrittenInRfc8785_thenTheShortestTextThatReadsBackAsTheSameDouble() {
    var random = new SplittableRandom(8785);
    for (int i = 0; i < 200_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(value)) {
        continue;
      }
      String text = CanonicalJson.write(value, HashScheme.RFC_8785);
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(value == 0 ? 0.0 : value);
      String javaDigits = significantDigits(Double.toString(Math.abs(value)));
      assertThat(significantDigits(text).length())
          .as("no longer than Java's shortest for %s", text)
          .isLessThanOrEqualTo(javaDigits.length());
    }
  }

  private static String significantDigits(String text) {
    int e = text.toLowerCase().indexOf('e');
    String mantissa = (e < 0 ? text : text.substring(0, e)).replace("-", "").replace(".", "");
    return mantissa.replaceAll("^0+", "").replaceAll("0+$", "");
  }

  @Test
  void givenTheRfc8785Example_whenWritten_thenTheRfcsCanonicalText() {
    var document = new LinkedHashMap<String, Object>();
    document.put(
        "numbers", List.of(333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001));
    // The RFC's sample string: euro, dollar, U+000F, newline, A, apostrophe, B, quote, two
    // backslashes, quote, slash.
    document.put("string", "€$\u000F\nA'B\"\\\\\"/");
    var literals = new ArrayList<Object>();
    literals.add(null);
    literals.add(true);
    literals.add(false);
    document.put("literals", literals);

    assertThat(CanonicalJson.write(document, HashScheme.RFC_8785))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @ParameterizedTest
  @EnumSource(HashScheme.class)
  void givenKeysOutsideTheBasicPlane_whenSorted_thenByUtf16CodeUnitsAsRfc8785Requires(
      HashScheme scheme) {
    var document = new LinkedHashMap<String, Object>();
    document.put("\u20ac", "Euro Sign");
    document.put("\r", "Carriage Return");
    document.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
    document.put("1", "One");
    document.put("\ud83d\ude00", "Emoji: Grinning Face");
    document.put("\u0080", "Control");
    document.put("\u00f6", "Latin Small Letter O With Diaeresis");

    assertThat(CanonicalJson.write(document, scheme))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small"
                + " Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning"
                + " Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @ParameterizedTest
  @EnumSource(HashScheme.class)
  void givenNullMembers_whenWritten_thenLeftOutAsJobtrailDocumentsNeverHoldThem(HashScheme scheme) {
    var document = new LinkedHashMap<String, Object>();
    document.put("kept", 1);
    document.put("absent", null);

    assertThat(CanonicalJson.write(document, scheme)).isEqualTo("{\"kept\":1}");
  }

  @Test
  void givenThePlainDecimalsScheme_whenNumbersAreWritten_thenWithoutExponentOrTrailingZeros() {
    HashScheme plain = HashScheme.PLAIN_DECIMALS;
    assertThat(CanonicalJson.write(100.0, plain)).isEqualTo("100");
    assertThat(CanonicalJson.write(0.25, plain)).isEqualTo("0.25");
    assertThat(CanonicalJson.write(-0.0, plain)).isEqualTo("0");
    assertThat(CanonicalJson.write(1e21, plain)).isEqualTo("1000000000000000000000");
    assertThat(CanonicalJson.write(1.5e-7, plain)).isEqualTo("0.00000015");
    assertThat(CanonicalJson.write(Long.MIN_VALUE, plain)).isEqualTo("-9223372036854775808");
    assertThat(CanonicalJson.write(new java.math.BigDecimal("2.50"), plain)).isEqualTo("2.5");
  }

  @Test
  void givenAnUnknownSchemeNumber_whenLookedUp_thenAnErrorThatSaysToUpgrade() {
    assertThat(HashScheme.ofVersion(1)).isEqualTo(HashScheme.PLAIN_DECIMALS);
    assertThat(HashScheme.ofVersion(2)).isEqualTo(HashScheme.RFC_8785);
    assertThatThrownBy(() -> HashScheme.ofVersion(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upgrade");
  }
}
