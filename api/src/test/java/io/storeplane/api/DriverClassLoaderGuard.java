package io.storeplane.api;

import io.storeplane.provisioning.guard.OutboundGuards;

/**
 * In {@code @QuarkusTest} the JDBC drivers are loaded by the JVM's application class loader, not by
 * Quarkus' runtime class loader, so the socket factories they load by name consult a second copy of
 * {@link OutboundGuards}, which fails closed to the strict policy. This installs the test profile's
 * policy (loopback and private addresses allowed) in that copy. In a packaged application there is
 * one class loader and one holder, so this is needed in tests only.
 */
public final class DriverClassLoaderGuard {

  private static final String PACKAGE = "io.storeplane.provisioning.guard.";

  private DriverClassLoaderGuard() {}

  public static void installTestPolicy() {
    install(true);
  }

  /**
   * Installs the production policy (loopback and private addresses refused) in that copy; a test
   * that does so puts {@link #installTestPolicy()} back when it ends.
   */
  public static void installStrictPolicy() {
    install(false);
  }

  private static void install(boolean allowLocal) {
    installIn(org.postgresql.Driver.class.getClassLoader(), allowLocal);
    installIn(com.mysql.cj.jdbc.Driver.class.getClassLoader(), allowLocal);
  }

  private static void installIn(ClassLoader drivers, boolean allowLocal) {
    if (drivers == OutboundGuards.class.getClassLoader()) {
      return;
    }
    try {
      Class<?> policyType = Class.forName(PACKAGE + "OutboundPolicy", true, drivers);
      Class<?> builderType = Class.forName(PACKAGE + "OutboundPolicy$Builder", true, drivers);
      Object builder = policyType.getMethod("builder").invoke(null);
      builderType.getMethod("allowLoopback", boolean.class).invoke(builder, allowLocal);
      builderType.getMethod("allowPrivate", boolean.class).invoke(builder, allowLocal);
      Object policy = builderType.getMethod("build").invoke(builder);
      Class<?> resolverType = Class.forName(PACKAGE + "HostResolver", true, drivers);
      Object resolver = resolverType.getMethod("system").invoke(null);
      Class<?> guardType = Class.forName(PACKAGE + "OutboundGuard", true, drivers);
      Object guard =
          guardType.getConstructor(policyType, resolverType).newInstance(policy, resolver);
      Class.forName(PACKAGE + "OutboundGuards", true, drivers)
          .getMethod("install", guardType)
          .invoke(null, guard);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not install the test outbound policy", e);
    }
  }
}
