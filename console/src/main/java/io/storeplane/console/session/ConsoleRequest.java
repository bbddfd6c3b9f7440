package io.storeplane.console.session;

import io.storeplane.master.token.Caller;
import io.storeplane.master.user.Permissions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who this console request is from: set by {@link SessionFilter} from the session cookie, read by
 * pages (and by templates as {@code inject:console}) to show only what the person may do, and to
 * refuse a write they may not make or whose form lacks the session's CSRF token.
 */
@Named("console")
@RequestScoped
public class ConsoleRequest {

  private String sessionId;
  private Caller caller;
  private Set<String> permissions = Set.of();

  void signedIn(String sessionId, Caller caller) {
    this.sessionId = sessionId;
    this.caller = caller;
    this.permissions = Permissions.of(caller.role());
  }

  /** Whether a session was found (false on the sign-in page). */
  public boolean isSignedIn() {
    return caller != null;
  }

  /** The signed-in user; empty on the sign-in page. */
  public Optional<Caller> caller() {
    return Optional.ofNullable(caller);
  }

  /** The signed-in user's e-mail, for the header. */
  public String getEmail() {
    return caller == null ? "" : caller.userEmail();
  }

  /** The signed-in user's role, lower case (e.g. {@code viewer}). */
  public String getRole() {
    return caller == null ? "" : caller.role().name().toLowerCase(Locale.ROOT);
  }

  /** The value every form carries in its {@code csrf} field. */
  public String getCsrf() {
    return sessionId == null ? "" : Csrf.tokenFor(sessionId);
  }

  /** Whether the user holds a permission ({@link Permissions}); pages show write controls by it. */
  public boolean can(String permission) {
    return permissions.contains(permission);
  }

  /**
   * Admits a form post: its CSRF token must be the session's and the user must hold {@code
   * permission}; otherwise the post is refused with 403 and nothing is changed.
   */
  public Caller admitPost(String csrf, String permission) {
    if (caller == null) {
      throw new ConsoleRefusal(401, "Sign in to continue.");
    }
    if (!Csrf.matches(sessionId, csrf)) {
      throw new ConsoleRefusal(
          403,
          "This form has expired or did not come from the console. Reload the page and try again.");
    }
    if (permission != null && !can(permission)) {
      throw new ConsoleRefusal(403, "Your role (" + getRole() + ") does not allow this change.");
    }
    return caller;
  }

  /** Refuses a page the user's role may not read. */
  public void requireRead(String permission) {
    if (!can(permission)) {
      throw new ConsoleRefusal(403, "Your role (" + getRole() + ") does not allow this page.");
    }
  }

  String sessionId() {
    return sessionId;
  }
}
