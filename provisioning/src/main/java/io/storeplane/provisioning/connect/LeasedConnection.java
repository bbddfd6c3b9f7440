package io.storeplane.provisioning.connect;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pooled connection handed out by {@link StoreJdbc#dataSource()}: closing it returns it to its
 * pool and gives the pool's lease back (once, however often it is closed), so the registry knows
 * when a pool is idle and may be evicted or, after a config change, closed.
 */
final class LeasedConnection implements InvocationHandler {

  private final Connection delegate;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LeasedConnection(Connection delegate, Runnable release) {
    this.delegate = delegate;
    this.release = release;
  }

  static Connection wrap(Connection delegate, Runnable release) {
    return (Connection)
        Proxy.newProxyInstance(
            LeasedConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new LeasedConnection(delegate, release));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "close":
        if (closed.compareAndSet(false, true)) {
          try {
            delegate.close();
          } finally {
            release.run();
          }
        }
        return null;
      case "isClosed":
        return closed.get() || delegate.isClosed();
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "LeasedConnection[" + delegate + "]";
      default:
        if (closed.get()) {
          throw new SQLException("The connection is closed", "08003");
        }
        try {
          return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
    }
  }
}
