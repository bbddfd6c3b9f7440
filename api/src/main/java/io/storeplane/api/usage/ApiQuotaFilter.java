package io.storeplane.api.usage;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.storeplane.api.security.CallerIdentity;
import io.storeplane.billing.metering.ApiQuota;
import io.storeplane.master.token.Caller;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Holds a store token's calls to its plan's daily API quota (429 {@code api-quota-exceeded} with
 * {@code Retry-After} until 00:00 UTC, through the problem mappers). It runs after matching, so
 * after authentication and the store-scope policy, and before the resource; a platform caller under
 * a store is counted by metering but never refused. A store whose usage this instance knows is
 * answered from memory on the calling thread; otherwise the master is read on a worker thread.
 */
@Singleton
public class ApiQuotaFilter {

  private final CurrentIdentityAssociation identities;
  private final ApiQuota quota;

  ApiQuotaFilter(CurrentIdentityAssociation identities, ApiQuota quota) {
    this.identities = identities;
    this.quota = quota;
  }

  @ServerRequestFilter
  public Uni<Void> admit() {
    return identities
        .getDeferredIdentity()
        .onFailure()
        .recoverWithNull() // failed authentication is answered 401 elsewhere
        .chain(
            identity -> {
              Optional<UUID> store = CallerIdentity.of(identity).flatMap(Caller::store);
              if (store.isEmpty()) {
                return Uni.createFrom().voidItem();
              }
              UUID storeId = store.get();
              if (quota.knows(storeId)) {
                quota.admit(storeId, false); // never a blocking read on this thread
                return Uni.createFrom().voidItem();
              }
              return Uni.createFrom()
                  .<Void>item(
                      () -> {
                        quota.admit(storeId);
                        return null;
                      })
                  .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            });
  }
}
