package io.storeplane.provisioning.supabase.rest;

import java.math.BigDecimal;

/**
 * How filter operands become text. Percent-encoding is the REST client's job: it encodes query
 * values itself (a pre-encoded {@code %} would be sent as {@code %25}), which the contract test
 * pins for reserved characters.
 */
final class PostgrestEncoding {

  private PostgrestEncoding() {}

  /** A filter operand as text: decimals without exponent, everything else by toString. */
  static String text(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(value);
  }
}
