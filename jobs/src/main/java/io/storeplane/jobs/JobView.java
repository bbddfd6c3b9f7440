package io.storeplane.jobs;

import java.util.List;

/**
 * A job and its step log, read together ({@link JobStore#view}).
 *
 * @param job the job
 * @param steps its step records, oldest first
 */
public record JobView(JobRecord job, List<JobStepRecord> steps) {}
