package io.storeplane.jobs;

/**
 * Told on the worker's thread after every recorded change of a running job (a step started running,
 * ended, or reported progress). Must not block. A listener that throws stops the run where it
 * stands, as if the worker had died: the job keeps its lease until it expires and another worker
 * takes it over (tests simulate crashes so).
 */
@FunctionalInterface
public interface RunListener {

  /** A listener that does nothing. */
  RunListener NONE = (job, step, status) -> {};

  void changed(ClaimedJob job, String step, StepStatus status);
}
