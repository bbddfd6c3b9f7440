-- Issue 19: whether a rollout was started only once the preflight of every selected store was clean
-- (requireCleanPreflight), kept with the rollout so its history says which gate it passed.
ALTER TABLE rollouts ADD COLUMN require_clean_preflight BOOLEAN NOT NULL DEFAULT FALSE;
