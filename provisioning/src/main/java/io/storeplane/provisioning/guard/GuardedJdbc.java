package io.storeplane.provisioning.guard;

import io.storeplane.master.server.DatabaseEngine;
import java.util.Map;

/**
 * The driver properties that route a store connection through the outbound guard. Merge them into
 * HikariCP's {@code dataSourceProperties} (or the {@code Properties} given to the driver)
 * <em>after</em> any other properties, and never let a customer supply driver properties or raw URL
 * parameters: a {@code socketFactory} of their choosing would bypass the guard.
 */
public final class GuardedJdbc {

  private GuardedJdbc() {}

  /**
   * The properties for {@code engine}.
   *
   * <ul>
   *   <li>PostgreSQL: {@code socketFactory} = {@link GuardedSocketFactory}.
   *   <li>MySQL: {@code socketFactory} = {@link GuardedMySqlSocketFactory}, and {@code
   *       allowLoadLocalInfile=false}, {@code allowUrlInLocalInfile=false}, so a hostile server
   *       cannot read files from the control plane with {@code LOAD DATA LOCAL INFILE}.
   * </ul>
   */
  public static Map<String, String> jdbcProperties(DatabaseEngine engine) {
    return switch (engine) {
      case POSTGRESQL -> Map.of("socketFactory", GuardedSocketFactory.class.getName());
      case MYSQL ->
          Map.of(
              "socketFactory", GuardedMySqlSocketFactory.class.getName(),
              "allowLoadLocalInfile", "false",
              "allowUrlInLocalInfile", "false");
    };
  }
}
