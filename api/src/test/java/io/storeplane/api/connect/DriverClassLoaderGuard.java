package io.storeplane.api.connect;

import io.storeplane.provisioning.guard.OutboundGuards;

/**
 * In a {@code @QuarkusTest} the JDBC drivers are loaded parent-first by the JVM's application class
 * loader, so the guarded socket factory they instantiate by name, and the {@code OutboundGuards}
 * holder it reads, are that loader's copies: still on the strict default, because the application
 * installed its test policy into the Quarkus class loader's copy. This installs the test policy
 * (loopback and private addresses allowed, as {@code %test.storeplane.outbound.*} says) into the
 * drivers' copy too. A packaged application has one class loader and needs none of this.
 */
final class DriverClassLoaderGuard {

  private static final String GUARD = "io.storeplane.provisioning.guard.";

  private DriverClassLoaderGuard() {}

  static void allowLocalDatabases() throws ReflectiveOperationException {
    ClassLoader drivers = org.postgresql.Driver.class.getClassLoader();
    if (drivers == OutboundGuards.class.getClassLoader()) {
      return;
    }
    Class<?> policyType = Class.forName(GUARD + "OutboundPolicy", true, drivers);
    Object builder = policyType.getMethod("builder").invoke(null);
    builder = builder.getClass().getMethod("allowLoopback", boolean.class).invoke(builder, true);
    builder = builder.getClass().getMethod("allowPrivate", boolean.class).invoke(builder, true);
    Object policy = builder.getClass().getMethod("build").invoke(builder);
    Class<?> resolverType = Class.forName(GUARD + "HostResolver", true, drivers);
    Object resolver = resolverType.getMethod("system").invoke(null);
    Class<?> guardType = Class.forName(GUARD + "OutboundGuard", true, drivers);
    Object guard = guardType.getConstructor(policyType, resolverType).newInstance(policy, resolver);
    Class.forName(GUARD + "OutboundGuards", true, drivers)
        .getMethod("install", guardType)
        .invoke(null, guard);
  }
}
