package io.storeplane.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.storeplane.testing.db.MasterDatabaseTestResource;

/**
 * Every Quarkus test in this module runs against one fresh master database on a real PostgreSQL,
 * created when the test application starts and dropped when it stops.
 */
@QuarkusTestResource(MasterDatabaseTestResource.class)
public final class MasterDatabase {

  private MasterDatabase() {}
}
