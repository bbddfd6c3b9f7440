package io.storeplane.provisioning.guard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Which hosts and ports store connections may reach ({@code storeplane.outbound.*}). The defaults
 * are the production policy; dev and test override them because their databases live on localhost
 * and private networks:
 *
 * <pre>
 * %dev.storeplane.outbound.allow-loopback=true
 * %dev.storeplane.outbound.allow-private=true
 * %dev.storeplane.outbound.deny-master-database=false
 * %test.storeplane.outbound.allow-loopback=true
 * %test.storeplane.outbound.allow-private=true
 * %test.storeplane.outbound.deny-master-database=false
 * </pre>
 *
 * Precedence: port, then denylist (master database included), then allowlist, then the address
 * class flags; see {@link OutboundPolicy}.
 */
@ConfigMapping(prefix = "storeplane.outbound")
public interface OutboundConfig {

  /** Allow loopback addresses (127.0.0.0/8, ::1). Production: false; dev and test: true. */
  @WithDefault("false")
  boolean allowLoopback();

  /**
   * Allow private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). Production: false,
   * allowlist the customer networks you peer with instead; dev and test: true.
   */
  @WithDefault("false")
  boolean allowPrivate();

  /**
   * Allow link-local addresses (169.254/16 including cloud metadata 169.254.169.254, fe80::/10).
   * False everywhere unless you really run databases there.
   */
  @WithDefault("false")
  boolean allowLinkLocal();

  /**
   * Endpoints allowed whatever their address class: host names, {@code *.domain}, addresses or CIDR
   * blocks, each optionally {@code :port}, comma-separated, e.g. {@code
   * 10.20.0.0/16,*.rds.amazonaws.com,db.partner.net:6543}. Does not override the denylist. Default:
   * none.
   */
  Optional<List<String>> allowlist();

  /**
   * Endpoints always denied (rule {@code denylist}), same syntax as the allowlist, e.g. {@code
   * 10.0.5.0/24,vault.internal}. Default: none.
   */
  Optional<List<String>> denylist();

  /**
   * The ports store connections may use: ports and ranges, comma-separated, e.g. {@code
   * 5432,3306,6543} (PostgreSQL, MySQL, Supabase pooler). Default: every port, {@code 1-65535}.
   */
  @WithDefault("1-65535")
  String ports();

  /**
   * Deny the master database's own endpoints (from {@code quarkus.datasource.jdbc.url}, by name and
   * by the addresses it resolves to at startup), rule {@code master-database}. Production: true;
   * dev and test: false, since their store databases share the master's server.
   */
  @WithDefault("true")
  boolean denyMasterDatabase();
}
