package io.storeplane.jobs;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kinds this instance runs, by name: what its workers claim. */
public final class JobKinds {

  private final Map<String, JobKind> kinds = new LinkedHashMap<>();

  public JobKinds(Collection<? extends JobKind> kinds) {
    for (JobKind kind : kinds) {
      if (this.kinds.putIfAbsent(kind.name(), kind) != null) {
        throw new IllegalArgumentException("Two job kinds are named " + kind.name());
      }
    }
  }

  public static JobKinds of(JobKind... kinds) {
    return new JobKinds(List.of(kinds));
  }

  /**
   * @throws JobException {@link JobError#JOB_KIND_UNKNOWN}
   */
  public JobKind get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new JobException(
                    JobError.JOB_KIND_UNKNOWN,
                    "No job kind named '%s' runs on this instance (known: %s)"
                        .formatted(name, kinds.keySet())));
  }

  public Optional<JobKind> find(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  public List<String> names() {
    return List.copyOf(kinds.keySet());
  }

  /** Every schedule of every kind. */
  public List<JobSchedule> schedules() {
    return kinds.values().stream().flatMap(kind -> kind.schedules().stream()).toList();
  }
}
