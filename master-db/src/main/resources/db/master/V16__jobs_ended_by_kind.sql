-- Issue 18: the warm pool's refill yields to onboarding until it has been quiet for a moment
-- (JobStore.activeWithin: a job of the kind running, due, or ended within the last second), so
-- the jobs of a kind that ended lately are found without reading the whole job history.
CREATE INDEX jobs_ended_by_kind ON jobs (kind, finished_at) WHERE finished_at IS NOT NULL;
