package io.storeplane.master.token;

/**
 * A token just created: the stored row and the token itself, which exists only here and is shown to
 * its owner once.
 *
 * @param token the stored row
 * @param secret the full token string
 */
public record IssuedToken(ApiToken token, String secret) {

  @Override
  public String toString() {
    return "IssuedToken[id=" + token.id + ", prefix=" + token.prefix + ", secret=***]";
  }
}
