package io.storeplane.master.session;

/** What presenting a token at the console's sign-in gave: a session, or why not. */
public sealed interface SignIn {

  /** The token opened a session. */
  record Opened(OpenedSession session) implements SignIn {}

  /** The token was refused; nothing was stored. */
  record Refused(SignInRefused reason) implements SignIn {}
}
