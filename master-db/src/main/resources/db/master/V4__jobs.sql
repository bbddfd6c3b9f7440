-- One engine for all durable work (docs/jobs.md). Provisioning's queue becomes the general one:
-- its rows keep their ids, history and step logs; what only provisioning knew moves into the
-- job's parameters (the database option) or into general columns (tables created of total become
-- units done of total; "one active job per store" becomes "one active job per exclusive key").

ALTER TABLE provisioning_jobs RENAME TO jobs;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_pkey TO jobs_pkey;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_idempotency_key_key TO jobs_idempotency_key_key;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_store_id_fkey TO jobs_store_id_fkey;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_attempt_check TO jobs_attempt_check;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_check TO jobs_lease_check;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_check1 TO jobs_units_check;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_max_attempts_check TO jobs_max_attempts_check;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_progress_check TO jobs_progress_check;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_status_check TO jobs_status_check;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_tables_created_check TO jobs_units_done_check;
ALTER TABLE jobs RENAME CONSTRAINT provisioning_jobs_total_tables_check TO jobs_units_total_check;

-- The module that owns the kind registers it (provisioning, later billing, fleet, events).
ALTER TABLE jobs ADD COLUMN kind VARCHAR(64);
UPDATE jobs SET kind = 'provisioning';
ALTER TABLE jobs ALTER COLUMN kind SET NOT NULL;

-- A job may concern one store (provisioning, backups) or none (the billing run).
ALTER TABLE jobs ALTER COLUMN store_id DROP NOT NULL;

UPDATE jobs SET parameters = jobs.parameters
        || jsonb_build_object('databaseType', jobs.database_type, 'storeSlug', s.slug, 'storeName', s.name)
    FROM stores s WHERE s.id = jobs.store_id;
ALTER TABLE jobs DROP COLUMN database_type;

ALTER TABLE jobs RENAME COLUMN tables_created TO units_done;
ALTER TABLE jobs RENAME COLUMN total_tables TO units_total;

-- Failures so far (retries count against max_attempts); provisioning kept it in its parameters.
ALTER TABLE jobs ADD COLUMN failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0);
UPDATE jobs SET failures = COALESCE((parameters ->> 'failures')::integer, 0),
                parameters = parameters - 'failures';

-- At most one queued or running job per exclusive key (provisioning: one per store).
ALTER TABLE jobs ADD COLUMN exclusive_key VARCHAR(200);
UPDATE jobs SET exclusive_key = 'store:' || store_id;
DROP INDEX provisioning_jobs_one_active_per_store;
CREATE UNIQUE INDEX jobs_one_active_per_key
    ON jobs (exclusive_key) WHERE status IN ('QUEUED', 'RUNNING') AND exclusive_key IS NOT NULL;

-- What a parallelism limit counts per key, e.g. the database server a job loads.
ALTER TABLE jobs ADD COLUMN limit_key VARCHAR(200);

-- A job a recurring schedule made, once per period.
ALTER TABLE jobs ADD COLUMN schedule_name VARCHAR(100);
ALTER TABLE jobs ADD COLUMN period_start TIMESTAMPTZ;
ALTER TABLE jobs ADD CONSTRAINT jobs_one_per_period UNIQUE (schedule_name, period_start);
ALTER TABLE jobs ADD CONSTRAINT jobs_period_of_schedule
    CHECK ((schedule_name IS NULL) = (period_start IS NULL));

-- Claims read two index ranges: due queued jobs in order, and running jobs whose lease expired.
DROP INDEX provisioning_jobs_claimable;
CREATE INDEX jobs_queued ON jobs (run_after, created_at) WHERE status = 'QUEUED';
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'RUNNING';
ALTER INDEX provisioning_jobs_store RENAME TO jobs_store;
CREATE INDEX jobs_running_by_kind ON jobs (kind, limit_key) WHERE status = 'RUNNING';

ALTER TABLE provisioning_job_steps RENAME TO job_steps;
ALTER TABLE job_steps RENAME CONSTRAINT provisioning_job_steps_pkey TO job_steps_pkey;
ALTER TABLE job_steps RENAME CONSTRAINT provisioning_job_steps_job_id_fkey TO job_steps_job_id_fkey;
ALTER TABLE job_steps RENAME CONSTRAINT provisioning_job_steps_job_id_step_attempt_key
    TO job_steps_job_id_step_attempt_key;
ALTER INDEX provisioning_job_steps_job RENAME TO job_steps_job;
ALTER TABLE job_steps ALTER COLUMN step TYPE VARCHAR(64);
ALTER TABLE job_steps DROP CONSTRAINT provisioning_job_steps_status_check;
-- ABANDONED: the step was running when its worker died; the next attempt closed it.
ALTER TABLE job_steps ADD CONSTRAINT job_steps_status_check
    CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'ABANDONED'));
ALTER TABLE jobs ALTER COLUMN current_step TYPE VARCHAR(64);

-- Recurring schedules: one row each, claimed with SKIP LOCKED by whichever instance is due first.
CREATE TABLE job_schedules (
    name         VARCHAR(100) PRIMARY KEY,
    kind         VARCHAR(64)  NOT NULL,
    -- 'cron:<expression>' (UTC) or 'delay:<ISO-8601 duration>' (after the last run ended)
    cadence      VARCHAR(200) NOT NULL,
    -- NULL while a fixed-delay schedule's job runs
    next_run_at  TIMESTAMPTZ,
    last_period  TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ  NOT NULL
);
