package io.storeplane.clientschema.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle on a connection lent to a caller: its {@link Connection#close()} runs the lender's
 * {@link OnClose} once, however often it is called, and never closes the connection by itself;
 * after it the handle is closed ({@link Connection#isClosed()} is true) and every other call throws
 * an {@link SQLException} with SQLSTATE {@code 08003}, so the connection, given back, is not used
 * through an old handle. Handles are equal only to themselves. The one copy of this wrapper: a
 * store's pooled connection (closed, then its pool's lease given back) and a migration's session
 * (kept for its next use) are lent this way.
 */
public final class LentConnection implements InvocationHandler {

  /** What closing the handle does with the lent connection: give it back, close it, or both. */
  @FunctionalInterface
  public interface OnClose {
    void close(Connection lent) throws SQLException;
  }

  private final Connection lent;
  private final OnClose onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LentConnection(Connection lent, OnClose onClose) {
    this.lent = lent;
    this.onClose = onClose;
  }

  /**
   * A handle on {@code lent} whose first close runs {@code onClose}, and whose later ones do not.
   */
  public static Connection wrap(Connection lent, OnClose onClose) {
    return (Connection)
        Proxy.newProxyInstance(
            LentConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new LentConnection(lent, onClose));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "close":
        if (closed.compareAndSet(false, true)) {
          onClose.close(lent);
        }
        return null;
      case "isClosed":
        return closed.get() || lent.isClosed();
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "LentConnection[" + lent + "]";
      default:
        if (closed.get()) {
          throw new SQLException("The connection is closed", "08003");
        }
        try {
          return method.invoke(lent, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
    }
  }
}
