package io.storeplane.master.settings;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Platform settings by key. */
@ApplicationScoped
public class PlatformSettingRepository implements PanacheRepositoryBase<PlatformSetting, String> {}
