-- The request log (issue 17): one row per request that concerns a store, written in batches by
-- billing's RequestLog (COPY) and kept for storeplane.retention.request-logs (30 days by default).
-- Nothing ever wrote the V1 table, so it is dropped and made again, range-partitioned by UTC day on
-- occurred_at. Partitions are named api_usage_logs_pYYYYMMDD and hold [day 00:00 UTC, next day
-- 00:00 UTC); the job kind billing.request-log-partitions creates today's and the next days' and
-- drops those whose whole day is past the retention (a DROP of a partition, never a DELETE).
--
-- No DEFAULT partition, on purpose: a row in it for day D would make creating D's partition fail
-- (PostgreSQL checks the default partition holds no row of the new range, scanning it under an
-- ACCESS EXCLUSIVE lock on every creation), and its rows would escape retention by partition drop.
-- A row whose day has no partition is refused (SQLSTATE 23514); the writer then creates that
-- day's partition and writes the batch again.
--
-- No foreign key to stores: a store is never deleted (only marked so), and a per-row key check
-- and row lock on stores would cost every batch. No primary key: rows are never updated or
-- addressed one by one.
DROP TABLE api_usage_logs;

CREATE TABLE api_usage_logs (
    occurred_at     TIMESTAMPTZ  NOT NULL,
    store_id        UUID         NOT NULL,
    platform_caller BOOLEAN      NOT NULL,
    method          VARCHAR(16)  NOT NULL,
    endpoint        VARCHAR(300) NOT NULL,
    status_code     SMALLINT     NOT NULL CHECK (status_code BETWEEN 100 AND 599),
    duration_us     BIGINT       NOT NULL CHECK (duration_us >= 0),
    error_code      VARCHAR(100),
    client_address  VARCHAR(64),
    user_agent      VARCHAR(256),
    request_id      VARCHAR(64)
) PARTITION BY RANGE (occurred_at);

-- A store's recent requests: every partition gets this index.
CREATE INDEX api_usage_logs_store_time ON api_usage_logs (store_id, occurred_at DESC);

COMMENT ON TABLE api_usage_logs IS
    'One row per request that concerns a store (sampled); partitioned by UTC day, api_usage_logs_pYYYYMMDD.';
COMMENT ON COLUMN api_usage_logs.occurred_at IS 'When the request arrived (the application clock).';
COMMENT ON COLUMN api_usage_logs.platform_caller IS
    'true: a platform user''s token under /api/v1/stores/{id}; false: the store''s own token.';
COMMENT ON COLUMN api_usage_logs.endpoint IS
    'The matched route template, e.g. /api/v1/stores/{id}/data/{table}; never the raw path. (unmatched) when no route matched.';
COMMENT ON COLUMN api_usage_logs.duration_us IS 'From arrival to answer, in microseconds.';
COMMENT ON COLUMN api_usage_logs.error_code IS 'The problem''s code of an error answer, e.g. store-not-found.';
COMMENT ON COLUMN api_usage_logs.client_address IS 'The caller''s address, as the rate limiter sees it.';
COMMENT ON COLUMN api_usage_logs.request_id IS 'The request''s X-Request-Id.';
