package io.jobtrail.application.event;

import java.math.BigDecimal;

/**
 * A double as ECMAScript's {@code Number.prototype.toString} writes it, which RFC 8785 requires:
 * the shortest digits that read back as the same double, in plain notation from 10^-7 to 10^21 and
 * with an exponent outside it ({@code 1e+21}, {@code 1.5e-7}).
 *
 * <p>Java's {@link Double#toString(double)} (JDK 19 and later) already picks the shortest digits,
 * closest to the value, even on a tie, as ECMAScript does, except that where a single digit would
 * do it may give two if they are closer ({@code 4.9E-324} where ECMAScript writes {@code 5e-324});
 * that case is settled here. Only the layout is ECMAScript's own.
 */
final class EcmaScriptNumbers {

  private EcmaScriptNumbers() {}

  /**
   * @throws IllegalArgumentException for NaN and the infinities, which JSON cannot hold
   */
  static String format(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "JSON has no number " + value + ": a document may hold only finite numbers");
    }
    if (value == 0) {
      return "0";
    }
    Decimal decimal = shortest(Math.abs(value));
    String digits = decimal.digits();
    int k = digits.length();
    int n = decimal.pointAt();
    var out = new StringBuilder(k + 8);
    if (value < 0) {
      out.append('-');
    }
    if (k <= n && n <= 21) {
      out.append(digits).repeat('0', n - k);
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").repeat('0', -n).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(n - 1 < 0 ? '-' : '+').append(Math.abs(n - 1));
    }
    return out.toString();
  }

  /** value = 0.{@code digits} × 10^{@code pointAt}; digits without leading or trailing zeros. */
  private record Decimal(String digits, int pointAt) {

    BigDecimal exact() {
      return new BigDecimal(digits).scaleByPowerOfTen(pointAt - digits.length());
    }

    boolean readsBackAs(double value) {
      return Double.parseDouble(digits + "E" + (pointAt - digits.length())) == value;
    }
  }

  private static Decimal shortest(double positive) {
    Decimal java = parse(Double.toString(positive));
    if (java.digits().length() != 2) {
      return java;
    }
    // Two digits: one may do. The candidates are the one-digit decimals on either side.
    int first = java.digits().charAt(0) - '0';
    var below = new Decimal(String.valueOf(first), java.pointAt());
    var above =
        first == 9
            ? new Decimal("1", java.pointAt() + 1)
            : new Decimal(String.valueOf(first + 1), java.pointAt());
    boolean belowFits = below.readsBackAs(positive);
    boolean aboveFits = above.readsBackAs(positive);
    if (belowFits && aboveFits) {
      BigDecimal exact = new BigDecimal(positive);
      int nearer = exact.subtract(below.exact()).compareTo(above.exact().subtract(exact));
      if (nearer != 0) {
        return nearer < 0 ? below : above;
      }
      return (first % 2 == 0) ? below : above;
    }
    return belowFits ? below : aboveFits ? above : java;
  }

  /** Java's text of a positive double: {@code 123.45}, {@code 0.001} or {@code 1.5E-7}. */
  private static Decimal parse(String text) {
    int e = text.indexOf('E');
    String mantissa = e < 0 ? text : text.substring(0, e);
    int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
    int dot = mantissa.indexOf('.');
    String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int pointAt = dot + exponent;
    int from = 0;
    while (from < all.length() - 1 && all.charAt(from) == '0') {
      from++;
    }
    int to = all.length();
    while (to > from + 1 && all.charAt(to - 1) == '0') {
      to--;
    }
    return new Decimal(all.substring(from, to), pointAt - from);
  }
}
