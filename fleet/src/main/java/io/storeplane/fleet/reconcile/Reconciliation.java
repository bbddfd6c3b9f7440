package io.storeplane.fleet.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One run of the reconciler on one managed server.
 *
 * @param serverId the server
 * @param serverName its name
 * @param checkedAt when it ran
 * @param findings what it found (orphans dropped by this run are not among them)
 * @param dropped orphan databases this run dropped
 */
public record Reconciliation(
    UUID serverId,
    String serverName,
    Instant checkedAt,
    List<Finding> findings,
    List<String> dropped) {

  public Reconciliation {
    findings = List.copyOf(findings);
    dropped = List.copyOf(dropped);
  }
}
