-- A step that could not do its part yet (a store busy under another schema change, a cloud
-- database still being created) is recorded WAITING while its job sleeps, no longer SUCCEEDED.
ALTER TABLE job_steps DROP CONSTRAINT job_steps_status_check;
ALTER TABLE job_steps ADD CONSTRAINT job_steps_status_check
    CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'WAITING', 'ABANDONED'));
