package io.storeplane.provisioning.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.supabase.management.ProjectStatus;
import io.storeplane.provisioning.supabase.rest.ContentRange;
import io.storeplane.provisioning.supabase.rest.PostgrestFilter;
import io.storeplane.provisioning.supabase.rest.PostgrestOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framework-free pieces: key headers, retry decisions, PostgREST syntax, statuses. */
class SupabaseBuildingBlocksTest {

  @Test
  void jwtKeysTravelInBothHeadersOpaqueKeysOnlyAsApikey() {
    SupabaseKey jwt = SupabaseKey.of(SecretString.of("eyJhbGciOi.x.y"));
    SupabaseKey secret = SupabaseKey.of(SecretString.of("sb_secret_abc"));
    assertThat(jwt.authorizationHeader()).hasValue("Bearer eyJhbGciOi.x.y");
    assertThat(secret.authorizationHeader()).isEmpty();
    assertThat(secret.apikeyHeader()).isEqualTo("sb_secret_abc");
    assertThat(secret.toString()).doesNotContain("abc");
    assertThatThrownBy(() -> SupabaseKey.of(SecretString.of("sb_secret abc")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryPolicyRetries429AlwaysAnd5xxOnlyWhenIdempotent() {
    CallRetryPolicy policy =
        new CallRetryPolicy(
            3, Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(30));
    SupabaseException limited = failure(429, Duration.ofSeconds(7));
    SupabaseException server = failure(503, null);
    SupabaseException rejected = failure(400, null);
    assertThat(policy.delayBeforeRetry(1, limited, false)).hasValue(Duration.ofSeconds(7));
    assertThat(policy.delayBeforeRetry(3, limited, false)).isEmpty();
    assertThat(policy.delayBeforeRetry(1, failure(429, Duration.ofSeconds(31)), true)).isEmpty();
    assertThat(policy.delayBeforeRetry(1, server, true)).hasValue(Duration.ofMillis(100));
    assertThat(policy.delayBeforeRetry(2, server, true)).hasValue(Duration.ofMillis(200));
    assertThat(
            new CallRetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(250), Duration.ZERO)
                .delayBeforeRetry(3, server, true))
        .hasValue(Duration.ofMillis(250));
    assertThat(policy.delayBeforeRetry(1, server, false)).isEmpty();
    assertThat(policy.delayBeforeRetry(1, rejected, true)).isEmpty();
  }

  @Test
  void filtersAndOrdersUsePostgrestSyntaxAndRefuseBadIdentifiers() {
    assertThat(PostgrestFilter.in("id", List.of(1, "a\"b", "c\\d")).queryValue())
        .isEqualTo("in.(\"1\",\"a\\\"b\",\"c\\\\d\")");
    assertThat(PostgrestFilter.eq("price", new java.math.BigDecimal("1E+2")).queryValue())
        .isEqualTo("eq.100");
    assertThat(PostgrestFilter.is("active", true).not().queryValue()).isEqualTo("not.is.true");
    assertThat(PostgrestOrder.desc("created_at").nullsFirst(true).term())
        .isEqualTo("created_at.desc.nullsfirst");
    assertThatThrownBy(() -> PostgrestFilter.eq("name;drop", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PostgrestFilter.eq("name", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void contentRangeAndStatusesParse() {
    assertThat(ContentRange.parse("0-24/3573458").total()).hasValue(3573458);
    assertThat(ContentRange.parse("0-24/*").total()).isEmpty();
    assertThat(ContentRange.parse("*/0").total()).hasValue(0);
    assertThat(ContentRange.parse(null).total()).isEmpty();
    assertThat(ProjectStatus.parse("INIT_FAILED").phase()).isEqualTo(ProjectStatus.Phase.FAILED);
    assertThat(ProjectStatus.parse("INACTIVE").phase()).isEqualTo(ProjectStatus.Phase.FAILED);
    assertThat(ProjectStatus.parse("SOMETHING_NEW")).isEqualTo(ProjectStatus.UNRECOGNIZED);
    assertThat(ProjectStatus.parse("ACTIVE_UNHEALTHY").phase())
        .isEqualTo(ProjectStatus.Phase.WAITING);
  }

  private static SupabaseException failure(int status, Duration retryAfter) {
    return new SupabaseException(
        ProvisioningError.SUPABASE_UNAVAILABLE, "test", status, null, null, retryAfter, null);
  }
}
