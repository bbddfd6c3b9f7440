package io.storeplane.api.usage;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.storeplane.api.TestCallers;
import io.storeplane.billing.request.StoreRequest;
import io.storeplane.billing.request.StoreRequestObserver;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A {@link StoreRequestObserver} need not be application-scoped: the request filter looks its
 * observers up on the first answered request, so a singleton that needs a runtime bean (here the
 * master's pool, which does not exist while the REST layer is built) in its constructor is created
 * then and told of every store request. With the observers collected while REST is built, this
 * application does not start. An observer that is not {@link StoreRequestObserver#active() active}
 * (its feature off) is never told.
 */
@QuarkusTest
@TestProfile(StoreRequestObserverLookupTest.WithLateObserver.class)
class StoreRequestObserverLookupTest {

  /** Enables {@link LateObserver} and {@link InactiveObserver} in this test's application only. */
  public static class WithLateObserver implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(LateObserver.class, InactiveObserver.class);
    }
  }

  /** An observer whose feature is off: it counts what it is told, which should be nothing. */
  @Alternative
  @Singleton
  public static class InactiveObserver implements StoreRequestObserver {

    private final AtomicInteger told = new AtomicInteger();

    @Override
    public boolean active() {
      return false;
    }

    @Override
    public void observed(StoreRequest request) {
      told.incrementAndGet();
    }
  }

  /** Counts store requests per store; its constructor uses the master's pool. */
  @Alternative
  @Singleton
  public static class LateObserver implements StoreRequestObserver {

    private final Map<UUID, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final boolean masterAnswered;

    @Inject
    LateObserver(DataSource master) throws SQLException {
      try (Connection connection = master.getConnection()) {
        masterAnswered = connection.isValid(5);
      }
    }

    @Override
    public void observed(StoreRequest request) {
      seen.computeIfAbsent(request.storeId(), store -> new AtomicInteger()).incrementAndGet();
    }

    int seen(String store) {
      AtomicInteger count = seen.get(UUID.fromString(store));
      return count == null ? 0 : count.get();
    }
  }

  @Inject LateObserver observer;
  @Inject InactiveObserver inactive;

  @Test
  void anObserverThatNeedsARuntimeBeanIsToldOfEveryStoreRequest() {
    String store = TestCallers.newStore();
    for (int i = 0; i < 3; i++) {
      asAdmin().get("/api/v1/stores/" + store).then().statusCode(200);
    }
    asAdmin().get("/api/v1/stores/" + store + "/usage").then().statusCode(200);

    assertThat(observer.masterAnswered).isTrue();
    // The filter tells observers after the answer is built; the last call may still be in it.
    await().atMost(Duration.ofSeconds(10)).until(() -> observer.seen(store) == 4);
    assertThat(observer.seen(store)).isEqualTo(4);
    assertThat(inactive.told).hasValue(0);
  }
}
