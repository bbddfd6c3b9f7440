package io.storeplane.api.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How large a request's line and header block may be ({@code storeplane.http.*}); larger ones
 * answer 414 {@code uri-too-long} and 431 {@code headers-too-large} as problem documents. Vert.x's
 * own decoder limits ({@code quarkus.http.limits.max-initial-line-length} and {@code
 * max-header-size}) are set well above these, as a memory ceiling only: a request beyond the
 * ceiling never reaches the application, and Vert.x answers it with a bare status.
 */
@ConfigMapping(prefix = "storeplane.http")
public interface HttpLimitsConfig {

  /** The longest request line (method, target and version), in characters. */
  @WithDefault("4096")
  int maxRequestLine();

  /** The largest header block (every name, value and separator), in characters. */
  @WithDefault("20480")
  int maxHeaderBlock();
}
