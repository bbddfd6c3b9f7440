package io.storeplane.api.store;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.storeplane.master.subscription.Subscription;
import io.storeplane.master.subscription.SubscriptionRepository;
import io.storeplane.master.subscription.SubscriptionStatus;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class StoreResourceTest {

  @Inject SubscriptionRepository subscriptions;

  @Test
  void createReturns201WithLocationAndTheStore() {
    String slug = uniqueSlug("acme");
    String location =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "Acme Shoes", "slug": "%s", "plan": "starter",
                 "database": {"type": "managed-postgresql"}}"""
                    .formatted(slug))
            .post("/api/v1/stores")
            .then()
            .statusCode(201)
            .header("Location", containsString("/api/v1/stores/"))
            .body("slug", equalTo(slug))
            .body("name", equalTo("Acme Shoes"))
            .body("status", equalTo("active"))
            .body("plan", equalTo("starter"))
            .body("subscriptionStatus", equalTo("trialing"))
            .body("trialEndsAt", notNullValue())
            .body("published", equalTo(false))
            .body("databaseStatus", equalTo("provisioning"))
            .body("database.type", equalTo("managed-postgresql"))
            .body("provisioningJobId", notNullValue())
            .extract()
            .header("Location");

    asAdmin().get(location).then().statusCode(200).body("slug", equalTo(slug));
  }

  @Test
  void aPlanWithoutTrialStartsActive() {
    create(uniqueSlug("free"), "free")
        .body("subscriptionStatus", equalTo("active"))
        .body("trialEndsAt", nullValue());
  }

  @Test
  void duplicateSlugIs409Problem() {
    String slug = uniqueSlug("dup");
    create(slug, "starter");
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Again", "slug", slug, "plan", "free"))
        .post("/api/v1/stores")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:storeplane:problem:slug-taken"))
        .body("status", equalTo(409))
        .body("detail", not(containsString(slug)))
        .body("requestId", notNullValue());
  }

  @Test
  void concurrentCreatesOfOneSlugYieldExactlyOneStore() throws Exception {
    String slug = uniqueSlug("race");
    ExecutorService executor = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Integer>> attempts =
        IntStream.range(0, 8)
            .<Callable<Integer>>mapToObj(
                i ->
                    () -> {
                      start.await();
                      return asAdmin()
                          .contentType(ContentType.JSON)
                          .body(Map.of("name", "Race " + i, "slug", slug, "plan", "free"))
                          .post("/api/v1/stores")
                          .statusCode();
                    })
            .toList();
    List<Integer> statuses = new ArrayList<>();
    try {
      List<Future<Integer>> futures = attempts.stream().map(executor::submit).toList();
      start.countDown();
      for (Future<Integer> future : futures) {
        statuses.add(future.get(30, TimeUnit.SECONDS));
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(statuses).containsOnly(201, 409);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
  }

  @Test
  void listFiltersSortsAndPages() {
    String prefix = "lst" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    for (String suffix : List.of("c", "a", "b")) {
      create(prefix + "-" + suffix, "professional");
    }
    asAdmin()
        .queryParam("plan", "professional")
        .queryParam("sort", "slug,asc")
        .queryParam("size", 100)
        .get("/api/v1/stores")
        .then()
        .statusCode(200)
        .body("items.plan", everyItem(equalTo("professional")))
        .body("items.slug", hasItem(prefix + "-a"));

    List<String> slugs =
        asAdmin()
            .queryParam("plan", "professional")
            .queryParam("sort", "slug,desc")
            .queryParam("size", 500)
            .get("/api/v1/stores")
            .then()
            .statusCode(400)
            .extract()
            .jsonPath()
            .getList("errors.field", String.class);
    assertThat(slugs).containsExactly("size");

    var page =
        asAdmin()
            .queryParam("plan", "professional")
            .queryParam("sort", "slug,asc")
            .queryParam("size", 2)
            .queryParam("page", 0)
            .get("/api/v1/stores")
            .then()
            .statusCode(200)
            .body("size", equalTo(2))
            .body("page", equalTo(0))
            .extract()
            .jsonPath();
    assertThat(page.getList("items")).hasSize(2);
    assertThat(page.getLong("totalItems")).isGreaterThanOrEqualTo(3);
    List<String> sorted = page.getList("items.slug", String.class);
    assertThat(sorted).isSorted();
  }

  @Test
  void updateChangesNamePublishedAndPlanAndReopensTheSubscription() {
    String id = create(uniqueSlug("upd"), "starter").extract().path("id");
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Renamed", "published", true, "plan", "professional"))
        .patch("/api/v1/stores/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Renamed"))
        .body("published", equalTo(true))
        .body("plan", equalTo("professional"));

    List<Subscription> rows = subscriptions.list("storeId", UUID.fromString(id));
    assertThat(rows).hasSize(2);
    assertThat(rows)
        .filteredOn(s -> s.status != SubscriptionStatus.CANCELED)
        .singleElement()
        .satisfies(s -> assertThat(s.planCode).isEqualTo("professional"));
  }

  @Test
  void suspendAndResumeAreIdempotent() {
    String id = create(uniqueSlug("sus"), "starter").extract().path("id");
    for (int i = 0; i < 2; i++) {
      asAdmin()
          .post("/api/v1/stores/" + id + "/suspend")
          .then()
          .statusCode(200)
          .body("status", equalTo("suspended"));
    }
    asAdmin()
        .queryParam("status", "suspended")
        .queryParam("size", 100)
        .get("/api/v1/stores")
        .then()
        .body("items.id", hasItem(id));
    for (int i = 0; i < 2; i++) {
      asAdmin()
          .post("/api/v1/stores/" + id + "/resume")
          .then()
          .statusCode(200)
          .body("status", equalTo("active"));
    }
  }

  @Test
  void deleteIsSoftAndBlocksChangesButKeepsTheSlug() {
    String slug = uniqueSlug("del");
    String id = create(slug, "starter").extract().path("id");
    asAdmin()
        .delete("/api/v1/stores/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("deleted"))
        .body("deletedAt", notNullValue());

    asAdmin().get("/api/v1/stores/" + id).then().statusCode(200).body("status", equalTo("deleted"));
    asAdmin()
        .queryParam("size", 100)
        .queryParam("sort", "createdAt,desc")
        .get("/api/v1/stores")
        .then()
        .body("items.id", not(hasItem(id)));
    asAdmin()
        .queryParam("status", "deleted")
        .queryParam("size", 100)
        .get("/api/v1/stores")
        .then()
        .body("items.id", hasItem(id));
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Zombie"))
        .patch("/api/v1/stores/" + id)
        .then()
        .statusCode(409)
        .body("code", equalTo("store-state-conflict"));
    asAdmin().post("/api/v1/stores/" + id + "/resume").then().statusCode(409);
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Taken", "slug", slug, "plan", "free"))
        .post("/api/v1/stores")
        .then()
        .statusCode(409);
  }

  @ParameterizedTest
  @ValueSource(strings = {"00000000-0000-0000-0000-000000000000", "not-a-uuid"})
  void unknownStoreIs404Problem(String id) {
    asAdmin()
        .get("/api/v1/stores/" + id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("store-not-found"));
    asAdmin().post("/api/v1/stores/" + id + "/suspend").then().statusCode(404);
    asAdmin().delete("/api/v1/stores/" + id).then().statusCode(404);
  }

  @Test
  void unknownPlanIs400() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Gold", "slug", uniqueSlug("gold"), "plan", "gold"))
        .post("/api/v1/stores")
        .then()
        .statusCode(400)
        .body("code", equalTo("plan-not-found"));
  }

  private static ValidatableResponse create(String slug, String plan) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Store " + slug, "slug", slug, "plan", plan))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .header("Location", startsWith("http"));
  }

  static String uniqueSlug(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
