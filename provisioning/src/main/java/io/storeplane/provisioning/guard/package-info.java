/**
 * The outbound connection guard: "connect existing database" lets a customer choose the host the
 * control plane connects to, which without a guard is a server-side request forgery hole into the
 * control plane's own network (loopback services, cloud metadata, private ranges, the master
 * database).
 *
 * <ul>
 *   <li>{@link io.storeplane.provisioning.guard.OutboundPolicy}: which address classes, hosts, CIDR
 *       blocks and ports may be reached; immutable and validated once.
 *   <li>{@link io.storeplane.provisioning.guard.OutboundGuard}: applies a policy to a host and
 *       port, checking every address the host resolves to; throws {@link
 *       io.storeplane.provisioning.guard.OutboundConnectionDeniedException} with a stable {@link
 *       io.storeplane.provisioning.guard.DenyRule}.
 *   <li>{@link io.storeplane.provisioning.guard.GuardedSocketFactory} (pgjdbc) and {@link
 *       io.storeplane.provisioning.guard.GuardedMySqlSocketFactory} (Connector/J): check again the
 *       exact address each socket connects to, so no DNS rebinding window remains between the check
 *       and the connect. They read the guard from {@link
 *       io.storeplane.provisioning.guard.OutboundGuards}, which fails closed to the strict policy
 *       until the application installs its own; {@link
 *       io.storeplane.provisioning.guard.GuardedJdbc} gives the driver properties that select them.
 *   <li>{@link io.storeplane.provisioning.guard.JdbcUrls}: JDBC URLs with passwords masked, for
 *       logs.
 *   <li>{@link io.storeplane.provisioning.guard.OutboundConfig} and {@link
 *       io.storeplane.provisioning.guard.OutboundGuardInstaller}: the Quarkus glue; everything else
 *       is framework-free.
 * </ul>
 */
package io.storeplane.provisioning.guard;
