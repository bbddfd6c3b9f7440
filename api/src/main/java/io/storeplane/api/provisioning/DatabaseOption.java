package io.storeplane.api.provisioning;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.StoreConnection;
import io.storeplane.provisioning.guard.OutboundGuards;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The database choice in a create-store request, told apart by {@code type}: {@code
 * managed-postgresql} / {@code managed-mysql} (the platform creates it), {@code postgresql} /
 * {@code mysql} (connect an existing database), or {@code supabase}.
 */
@Schema(
    description =
        "The store's database, told apart by `type`: `managed-postgresql` / `managed-mysql` (the"
            + " platform creates it), `postgresql` / `mysql` (connect an existing database), or"
            + " `supabase`.",
    oneOf = {
      ManagedDatabaseOption.class,
      ExistingDatabaseOption.class,
      SupabaseDatabaseOption.class
    },
    discriminatorProperty = "type",
    discriminatorMapping = {
      @DiscriminatorMapping(value = "managed-postgresql", schema = ManagedDatabaseOption.class),
      @DiscriminatorMapping(value = "managed-mysql", schema = ManagedDatabaseOption.class),
      @DiscriminatorMapping(value = "postgresql", schema = ExistingDatabaseOption.class),
      @DiscriminatorMapping(value = "mysql", schema = ExistingDatabaseOption.class),
      @DiscriminatorMapping(value = "supabase", schema = SupabaseDatabaseOption.class)
    })
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", visible = true)
@JsonSubTypes({
  @JsonSubTypes.Type(
      value = ManagedDatabaseOption.class,
      names = {"managed-postgresql", "managed-mysql"}),
  @JsonSubTypes.Type(
      value = ExistingDatabaseOption.class,
      names = {"postgresql", "mysql"}),
  @JsonSubTypes.Type(value = SupabaseDatabaseOption.class, name = "supabase")
})
public sealed interface DatabaseOption
    permits ManagedDatabaseOption, ExistingDatabaseOption, SupabaseDatabaseOption {

  /** The wire name of the type, e.g. {@code managed-postgresql}. */
  String type();

  default DatabaseType databaseType() {
    return DatabaseType.fromWireName(type()).orElseThrow();
  }

  /** How to reach an existing database (its secrets included); empty for a managed one. */
  Optional<StoreConnection> connection();

  /**
   * The host and port the control plane will connect to, checked against the outbound policy before
   * anything is saved; empty when the platform picks the server.
   */
  Optional<InetSocketAddress> endpoint();

  /**
   * Refuses, before anything is saved, an endpoint the outbound policy denies (422 naming the
   * rule); nothing to check when the platform picks the server.
   */
  default void checkOutbound() {
    endpoint().ifPresent(e -> OutboundGuards.current().check(e.getHostString(), e.getPort()));
  }
}
