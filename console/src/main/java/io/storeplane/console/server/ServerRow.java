package io.storeplane.console.server;

import io.quarkus.qute.TemplateData;
import io.storeplane.provisioning.server.DatabaseServerService;
import java.util.Locale;

/**
 * A database server as the console shows it, with how full it is (store databases and unclaimed
 * warm-pool databases of its maximum); never its admin password.
 */
@TemplateData
public record ServerRow(
    String id,
    String name,
    String engine,
    String endpoint,
    String status,
    boolean isDefault,
    long used,
    int max,
    int percent) {

  public static ServerRow of(DatabaseServerService.ServerUsage usage) {
    long used = usage.stores() + usage.poolEntries();
    int max = usage.server().maxStores;
    int percent = max <= 0 ? 100 : (int) Math.min(100, used * 100 / max);
    return new ServerRow(
        usage.server().id.toString(),
        usage.server().name,
        lower(usage.server().engine.name()),
        usage.server().host + ":" + usage.server().port,
        lower(usage.server().status.name()),
        usage.server().isDefault,
        used,
        max,
        percent);
  }

  /** Whether draining would change it (only an active server is drained). */
  public boolean active() {
    return "active".equals(status);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
