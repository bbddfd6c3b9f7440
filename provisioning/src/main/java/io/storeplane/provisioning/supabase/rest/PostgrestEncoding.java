package io.storeplane.provisioning.supabase.rest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of query parameter values: every byte except RFC 3986 unreserved characters
 * ({@code A-Z a-z 0-9 - . _ ~}) becomes {@code %XX} of its UTF-8 encoding, so reserved PostgREST
 * characters ({@code , ( ) " :}), spaces, {@code +}, {@code %}, {@code &} and {@code {}} arrive
 * exactly as meant.
 */
final class PostgrestEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PostgrestEncoding() {}

  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** A filter operand as text: decimals without exponent, everything else by toString. */
  static String text(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(value);
  }
}
