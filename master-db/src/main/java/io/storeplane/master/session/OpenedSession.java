package io.storeplane.master.session;

import io.storeplane.master.token.Caller;

/**
 * A session just opened: its id, which exists only here and in the browser's cookie, and who signed
 * in.
 *
 * @param id the session id (256 random bits, URL-safe)
 * @param caller the platform user behind the token
 */
public record OpenedSession(String id, Caller caller) {

  @Override
  public String toString() {
    return "OpenedSession[caller=" + caller.label() + ", id=***]";
  }
}
