package io.storeplane.master.store;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Every active store whose database is active, each with the key of the database server it lives
 * on: the jobs that sweep the fleet (the daily usage rollup, the drift scan) queue one job per
 * store and limit how many run at once per server by that key.
 */
public final class ActiveStoreDatabases {

  private static final String ACTIVE =
      "SELECT id, database_server_id, database_host, database_port FROM stores"
          + " WHERE status = 'ACTIVE' AND database_status = 'ACTIVE' ORDER BY id";

  /**
   * A store and its server's key: {@code server:<id>} for a registered server, {@code
   * host:<host>:<port>} for an existing database elsewhere, {@code store:<id>} when neither is
   * recorded.
   */
  public record StoreOnServer(UUID storeId, String serverKey) {}

  private ActiveStoreDatabases() {}

  /**
   * The stores, by id, read through {@code master}.
   *
   * @throws MasterDataException {@code master-database-unavailable}
   */
  public static List<StoreOnServer> list(DataSource master) {
    List<StoreOnServer> stores = new ArrayList<>();
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(ACTIVE);
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        UUID id = rows.getObject("id", UUID.class);
        UUID server = rows.getObject("database_server_id", UUID.class);
        String host = rows.getString("database_host");
        String key =
            server != null
                ? "server:" + server
                : host != null
                    ? "host:%s:%d".formatted(host, rows.getInt("database_port"))
                    : "store:" + id;
        stores.add(new StoreOnServer(id, key));
      }
    } catch (SQLException e) {
      throw new MasterDataException(
          MasterError.MASTER_DATABASE_UNAVAILABLE,
          "Could not list the stores with an active database");
    }
    return stores;
  }
}
