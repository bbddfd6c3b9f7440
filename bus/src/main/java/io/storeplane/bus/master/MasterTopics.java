package io.storeplane.bus.master;

import io.storeplane.bus.Topic;
import io.storeplane.master.settings.SettingChanged;
import io.storeplane.master.store.StoreChanged;
import io.storeplane.master.token.TokenRevoked;

/** The topics of master-db's domain events; subscribe to them through the application's bus. */
public final class MasterTopics {

  /** A store's status, suspension, plan, connection or database status changed. */
  public static final Topic<StoreChanged> STORE_CHANGED =
      Topic.of("store.changed", StoreChanged.class);

  /** An API token was revoked. */
  public static final Topic<TokenRevoked> TOKEN_REVOKED =
      Topic.of("token.revoked", TokenRevoked.class);

  /** A platform setting was set, replaced or removed (the key only, never the value). */
  public static final Topic<SettingChanged> SETTING_CHANGED =
      Topic.of("setting.changed", SettingChanged.class);

  private MasterTopics() {}
}
