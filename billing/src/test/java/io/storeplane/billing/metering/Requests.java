package io.storeplane.billing.metering;

import io.storeplane.billing.request.StoreRequest;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Answered store requests as the api's filter would report them. */
final class Requests {

  private Requests() {}

  static StoreRequest answered(UUID store, int status, long millis, Instant at) {
    return answered(store, status, null, millis, at);
  }

  static StoreRequest answered(UUID store, int status, String errorCode, long millis, Instant at) {
    return new StoreRequest(
        store,
        false,
        "GET",
        "/api/v1/stores/{id}/data/{table}",
        status,
        errorCode,
        TimeUnit.MILLISECONDS.toNanos(millis),
        at,
        "127.0.0.1",
        "test",
        "req-" + UUID.randomUUID());
  }
}
