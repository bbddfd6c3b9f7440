package io.storeplane.provisioning.guard;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Quarkus glue: at startup, before application beans that might open store connections, builds the
 * {@link OutboundPolicy} from {@link OutboundConfig} (adding the master database's endpoints to the
 * denylist) and installs it in {@link OutboundGuards}. A bad entry stops the application.
 */
@Startup(Interceptor.Priority.LIBRARY_BEFORE)
@Singleton
public class OutboundGuardInstaller {

  private static final Logger LOG = Logger.getLogger(OutboundGuardInstaller.class);

  private final OutboundConfig config;
  private final Optional<String> masterDatabaseUrl;

  @Inject
  OutboundGuardInstaller(
      OutboundConfig config,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> masterDatabaseUrl) {
    this.config = config;
    this.masterDatabaseUrl = masterDatabaseUrl;
  }

  @PostConstruct
  void install() {
    HostResolver resolver = HostResolver.system();
    OutboundPolicy policy = policy(config, masterDatabaseUrl, resolver);
    OutboundGuards.install(new OutboundGuard(policy, resolver));
    LOG.infof("Outbound connection guard installed: %s", policy);
  }

  /** The policy {@code config} describes, with the master database denied when configured. */
  static OutboundPolicy policy(
      OutboundConfig config, Optional<String> masterDatabaseUrl, HostResolver resolver) {
    OutboundPolicy.Builder builder =
        OutboundPolicy.builder()
            .allowLoopback(config.allowLoopback())
            .allowPrivate(config.allowPrivate())
            .allowLinkLocal(config.allowLinkLocal());
    try {
      builder.ports(config.ports());
    } catch (IllegalArgumentException e) {
      throw invalid("ports", e);
    }
    for (String entry : config.allowlist().orElse(List.of())) {
      try {
        builder.allow(entry);
      } catch (IllegalArgumentException e) {
        throw invalid("allowlist", e);
      }
    }
    for (String entry : config.denylist().orElse(List.of())) {
      try {
        builder.deny(entry);
      } catch (IllegalArgumentException e) {
        throw invalid("denylist", e);
      }
    }
    if (config.denyMasterDatabase()) {
      masterDatabaseUrl.ifPresentOrElse(
          url -> denyMasterDatabase(builder, url, resolver),
          () -> LOG.warn("deny-master-database is on but quarkus.datasource.jdbc.url is not set"));
    }
    return builder.build();
  }

  private static void denyMasterDatabase(
      OutboundPolicy.Builder builder, String url, HostResolver resolver) {
    for (JdbcUrls.Endpoint endpoint : JdbcUrls.endpoints(url)) {
      Optional<InetAddress> literal = IpLiterals.parse(Hosts.normalize(endpoint.host()));
      List<InetAddress> addresses;
      try {
        addresses =
            literal.isPresent() ? List.of(literal.get()) : resolver.resolve(endpoint.host());
      } catch (UnknownHostException e) {
        LOG.warnf(
            "Master database host %s does not resolve now; it is denied by name only",
            endpoint.host());
        addresses = List.of();
      }
      builder.denyMasterDatabase(endpoint.host(), endpoint.port(), addresses);
    }
  }

  private static IllegalArgumentException invalid(String key, IllegalArgumentException cause) {
    return new IllegalArgumentException(
        "Invalid storeplane.outbound." + key + ": " + cause.getMessage(), cause);
  }
}
