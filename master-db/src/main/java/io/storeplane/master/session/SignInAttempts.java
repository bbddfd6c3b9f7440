package io.storeplane.master.session;

import java.time.Duration;
import java.util.Optional;

/**
 * Limits guessing at the console's sign-in per client address with the same per-address budget of
 * failed authentication as the REST API's bearer tokens (the application implements it over that
 * budget, so a flood on either side cools down both and is audited once as {@code auth.failed}).
 */
public interface SignInAttempts {

  /**
   * Takes one attempt for {@code token} from {@code address}'s budget before the token is looked
   * up, so sign-ins in flight at once cannot all pass.
   */
  Attempt begin(String address, String token);

  /** One sign-in's attempt: refused at once, or ended by exactly one of the other calls. */
  interface Attempt {

    /** How long the address must wait when it has no attempt left; empty when admitted. */
    Optional<Duration> refusedFor();

    /** The token opened a session: its attempt is given back. */
    void succeeded();

    /** The token is unknown, revoked or expired: its attempt stays taken. */
    void failed();

    /** The token was not judged (a store's live token, a failure on the way): given back. */
    void abandoned();
  }
}
