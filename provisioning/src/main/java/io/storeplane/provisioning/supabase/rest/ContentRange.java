package io.storeplane.provisioning.supabase.rest;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgREST's {@code Content-Range} header: {@code 0-24/3573458}, {@code 0-24/*} or {@code *}{@code
 * /0}.
 *
 * @param first index of the first row returned, empty when none was
 * @param last index of the last row returned, empty when none was
 * @param total the total count, present only when a count was asked for
 */
public record ContentRange(OptionalLong first, OptionalLong last, OptionalLong total) {

  private static final Pattern RANGE = Pattern.compile("(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

  /** Parses the header; an absent or malformed header gives an empty range. */
  public static ContentRange parse(String header) {
    if (header == null) {
      return new ContentRange(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }
    Matcher m = RANGE.matcher(header.strip());
    if (!m.matches()) {
      return new ContentRange(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }
    return new ContentRange(
        number(m.group(1)), number(m.group(2)), number(m.group(3).equals("*") ? null : m.group(3)));
  }

  private static OptionalLong number(String text) {
    return text == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
  }
}
