package io.storeplane.console.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The admin console's sessions and pages ({@code storeplane.console.*}, docs/console.md). */
@ConfigMapping(prefix = "storeplane.console")
public interface ConsoleConfig {

  /**
   * A session without a request for this long ends (the browser must sign in again); a session also
   * ends when its token is revoked or expires, or its owner is deactivated.
   */
  @WithDefault("30M")
  Duration idleTimeout();

  /** Rows on one page of a console list (stores, tokens). */
  @WithDefault("25")
  int pageSize();
}
