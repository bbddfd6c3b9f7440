package io.storeplane.clientschema.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lent connection's handle: its first close runs the lender's action and no later one does, it
 * never closes the connection itself, and after it the handle is closed and refuses every call with
 * SQLSTATE 08003 without reaching the connection.
 */
class LentConnectionTest {

  /** The calls the lent connection received, by method name. */
  private final List<String> calls = new ArrayList<>();

  private boolean lentClosed;

  private final Connection lent =
      (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "equals":
                    return proxy == args[0];
                  case "hashCode":
                    return System.identityHashCode(proxy);
                  case "toString":
                    return "lent";
                  default:
                    calls.add(method.getName());
                }
                switch (method.getName()) {
                  case "close":
                    lentClosed = true;
                    return null;
                  case "isClosed":
                    return lentClosed;
                  case "getAutoCommit":
                    return true;
                  case "getSchema":
                    throw new SQLException("refused", "42501");
                  default:
                    return null;
                }
              });

  @Test
  void closeRunsTheActionOnceOnTheLentConnectionAndNeverClosesItItself() throws SQLException {
    List<Connection> givenBack = new ArrayList<>();
    Connection handle = LentConnection.wrap(lent, givenBack::add);

    assertThat(handle.getAutoCommit()).isTrue();
    handle.close();
    handle.close();

    assertThat(givenBack).containsExactly(lent);
    assertThat(calls).containsExactly("getAutoCommit");
    assertThat(lentClosed).isFalse();
  }

  @Test
  void useAfterCloseThrows08003WithoutReachingTheConnection() throws SQLException {
    Connection handle = LentConnection.wrap(lent, c -> {});
    assertThat(handle.isClosed()).isFalse();

    handle.close();

    assertThat(handle.isClosed()).isTrue();
    assertThatThrownBy(handle::createStatement)
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08003");
    assertThatThrownBy(() -> handle.setAutoCommit(false))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08003");
    assertThat(calls).doesNotContain("createStatement", "setAutoCommit");
  }

  @Test
  void anActionThatClosesAndFailsLeavesTheHandleClosedAndRunsOnce() throws SQLException {
    List<String> released = new ArrayList<>();
    Connection handle =
        LentConnection.wrap(
            lent,
            c -> {
              try {
                c.close();
                throw new SQLException("close failed", "08006");
              } finally {
                released.add("lease");
              }
            });

    assertThatThrownBy(handle::close).hasMessage("close failed");
    handle.close();

    assertThat(released).containsExactly("lease");
    assertThat(lentClosed).isTrue();
    assertThat(handle.isClosed()).isTrue();
  }

  @Test
  void aClosedConnectionShowsClosedThroughItsHandle() throws SQLException {
    Connection handle = LentConnection.wrap(lent, c -> {});
    lent.close();

    assertThat(handle.isClosed()).isTrue();
  }

  @Test
  void theConnectionsFailuresReachTheCallerUnwrapped() {
    Connection handle = LentConnection.wrap(lent, c -> {});

    assertThatThrownBy(handle::getSchema)
        .isInstanceOf(SQLException.class)
        .hasMessage("refused")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("42501");
  }

  @Test
  void handlesAreEqualOnlyToThemselves() {
    Connection one = LentConnection.wrap(lent, c -> {});
    Connection other = LentConnection.wrap(lent, c -> {});

    assertThat(one).isEqualTo(one).isNotEqualTo(other).isNotEqualTo(lent);
    assertThat(one.hashCode()).isEqualTo(System.identityHashCode(one));
    assertThat(one.toString()).startsWith("LentConnection[");
  }
}
