package io.storeplane.jobs;

/**
 * How many jobs of one kind may run at once across the whole cluster, in all and per limit key (the
 * database server a job loads, say), so background work never takes a server's whole connection
 * budget. Zero means no limit. Checked at claim time under a per-kind advisory lock, so two
 * instances claiming at once never overshoot.
 *
 * @param maxRunning jobs of the kind running at once, cluster-wide
 * @param maxPerKey jobs of the kind running at once with the same limit key, cluster-wide
 */
public record JobLimits(int maxRunning, int maxPerKey) {

  public static final JobLimits NONE = new JobLimits(0, 0);

  /** One job of the kind at a time in the whole cluster: the kinds that sweep or refresh it all. */
  public static final JobLimits ONE_AT_A_TIME = new JobLimits(1, 0);

  public JobLimits {
    if (maxRunning < 0 || maxPerKey < 0) {
      throw new IllegalArgumentException("Limits are zero (none) or positive");
    }
  }

  public boolean any() {
    return maxRunning > 0 || maxPerKey > 0;
  }
}
