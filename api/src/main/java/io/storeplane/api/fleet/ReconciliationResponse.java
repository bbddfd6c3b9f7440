package io.storeplane.api.fleet;

import io.storeplane.fleet.reconcile.Finding;
import io.storeplane.fleet.reconcile.Reconciliation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A managed server against the registry.
 *
 * @param serverId the server
 * @param serverName its name
 * @param checkedAt when it was read
 * @param findings what differs
 */
@Schema(description = "A managed server against the registry.")
public record ReconciliationResponse(
    @Schema(required = true, example = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b") UUID serverId,
    @Schema(required = true, example = "pg-eu-1") String serverName,
    @Schema(required = true, implementation = String.class, format = "date-time") Instant checkedAt,
    @Schema(required = true) List<FindingResponse> findings) {

  /**
   * One finding.
   *
   * @param kind what was found
   * @param name the database's or login's name
   * @param storeId the store the registry names for it, or null
   * @param expected what the registry expects, or null
   * @param actual what the server has, or null
   * @param firstSeenAt when a run first found it
   */
  @Schema(description = "One difference between the server and the registry.")
  public record FindingResponse(
      @Schema(
              required = true,
              enumeration = {
                "orphan_database",
                "orphan_login",
                "missing_database",
                "owner_mismatch"
              },
              example = "orphan_database")
          String kind,
      @Schema(required = true, example = "sp_acme_x1y2z3") String name,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "uuid",
              description = "The store the registry names; null for an orphan")
          UUID storeId,
      @Schema(
              required = true,
              nullable = true,
              description = "What the registry expects (the owner login of an owner mismatch)")
          String expected,
      @Schema(
              required = true,
              nullable = true,
              description = "What the server has (the owner login of a database)")
          String actual,
      @Schema(
              required = true,
              implementation = String.class,
              format = "date-time",
              description = "When a run first found it; an orphan's grace period counts from here")
          Instant firstSeenAt) {

    static FindingResponse of(Finding f) {
      return new FindingResponse(
          f.kind().name().toLowerCase(Locale.ROOT),
          f.name(),
          f.storeId(),
          f.expected(),
          f.actual(),
          f.firstSeenAt());
    }
  }

  static ReconciliationResponse of(Reconciliation run) {
    return new ReconciliationResponse(
        run.serverId(),
        run.serverName(),
        run.checkedAt(),
        run.findings().stream().map(FindingResponse::of).toList());
  }
}
