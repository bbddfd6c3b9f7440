package io.storeplane.bus.master;

import io.storeplane.bus.runtime.EventBus;
import io.storeplane.master.settings.SettingChanged;
import io.storeplane.master.store.StoreChanged;
import io.storeplane.master.token.TokenRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes master-db's domain events on the bus as they are fired, inside the transaction that
 * made the change: the other instances get them if and when it commits, and this instance's
 * subscribers right after the commit, on the committing thread.
 */
@ApplicationScoped
public class MasterEventRelay {

  private final EventBus bus;

  MasterEventRelay(EventBus bus) {
    this.bus = bus;
  }

  void storeChanged(@Observes StoreChanged changed) {
    bus.publish(MasterTopics.STORE_CHANGED, changed);
  }

  void tokenRevoked(@Observes TokenRevoked revoked) {
    bus.publish(MasterTopics.TOKEN_REVOKED, revoked);
  }

  void settingChanged(@Observes SettingChanged changed) {
    bus.publish(MasterTopics.SETTING_CHANGED, changed);
  }
}
