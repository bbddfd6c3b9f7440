package io.storeplane.master.session;

/** Why a token could not open a console session; each has a message fit to show the person. */
public enum SignInRefused {
  /** Unknown, revoked or expired, or its owner is inactive. */
  UNKNOWN_TOKEN("This token is unknown, revoked or expired, or its owner is inactive."),
  /** A token bound to one store acts for that store's app, never for a person in the console. */
  STORE_TOKEN("A store's token cannot sign in to the console; use a platform user's token.");

  private final String message;

  SignInRefused(String message) {
    this.message = message;
  }

  /** What the sign-in page says. */
  public String message() {
    return message;
  }
}
