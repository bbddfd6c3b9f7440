package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;

/** The provider of each database option; every option has exactly one. */
@ApplicationScoped
public class DatabaseProviders {

  private final Map<DatabaseType, DatabaseProvider> byType = new EnumMap<>(DatabaseType.class);

  @Inject
  DatabaseProviders(Instance<DatabaseProvider> providers) {
    this((Iterable<DatabaseProvider>) providers);
  }

  private DatabaseProviders(Iterable<DatabaseProvider> providers) {
    for (DatabaseProvider provider : providers) {
      if (byType.put(provider.type(), provider) != null) {
        throw new IllegalStateException("Two providers for " + provider.type());
      }
    }
    for (DatabaseType type : DatabaseType.values()) {
      if (!byType.containsKey(type)) {
        throw new IllegalStateException("No provider for " + type);
      }
    }
  }

  /**
   * Providers outside the container, one per option (a test wraps the registered ones to stop a
   * worker inside a step).
   */
  public static DatabaseProviders of(Iterable<DatabaseProvider> providers) {
    return new DatabaseProviders(providers);
  }

  /** The provider of {@code type}, available or not. */
  public DatabaseProvider of(DatabaseType type) {
    return byType.get(type);
  }

  /**
   * The provider of {@code type}, which must be available.
   *
   * @throws ProvisioningException {@code DATABASE_OPTION_NOT_AVAILABLE}
   */
  public DatabaseProvider available(DatabaseType type) {
    DatabaseProvider provider = of(type);
    if (!provider.available()) {
      throw new ProvisioningException(
          ProvisioningError.DATABASE_OPTION_NOT_AVAILABLE,
          "The " + type.wireName() + " database option is not available.");
    }
    return provider;
  }
}
