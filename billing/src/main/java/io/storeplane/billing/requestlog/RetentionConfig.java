package io.storeplane.billing.requestlog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * {@code storeplane.retention.*}: how long what is logged is kept, when the platform setting of the
 * same name is not set (the setting wins: admins change it through the settings API).
 */
@ConfigMapping(prefix = "storeplane.retention")
public interface RetentionConfig {

  /** How long the request log keeps a day; at least one day. */
  @WithName("request-logs")
  @WithDefault("30d")
  Duration requestLogs();
}
