-- Usage and business-intelligence reports (issue 17, part 5). Three tables derived from
-- usage_metrics, refreshed together in one transaction by the recurring job kind usage.reports
-- (module billing, package report), so every report answers from a few hundred or a few thousand
-- indexed rows however many stores there are. They hold nothing usage_metrics does not: dropping
-- their rows (or the refresh state) makes the next refresh rebuild them whole.

-- usage-statistics: one row per UTC day and plan (the plan the store was on that day: its latest
-- subscription opened before the day ended, else its plan now).
CREATE TABLE usage_report_plan_days (
    metric_date    DATE           NOT NULL,
    plan_code      VARCHAR(32)    NOT NULL,
    stores         INTEGER        NOT NULL CHECK (stores >= 0),
    active_stores  INTEGER        NOT NULL CHECK (active_stores >= 0),
    api_calls      BIGINT         NOT NULL CHECK (api_calls >= 0),
    orders         BIGINT         NOT NULL CHECK (orders >= 0),
    revenue        NUMERIC(18, 2) NOT NULL,
    storage_bytes  BIGINT         NOT NULL CHECK (storage_bytes >= 0),
    PRIMARY KEY (metric_date, plan_code)
);
COMMENT ON COLUMN usage_report_plan_days.stores IS 'Stores of the plan with a usage row that day.';
COMMENT ON COLUMN usage_report_plan_days.active_stores IS
    'Stores of the plan that made at least one API call or took at least one order that day.';

-- performance, platform-wide: one row per UTC day with every store's latency histogram summed
-- bucket by bucket (billing LatencyBuckets) and the error counts.
CREATE TABLE usage_report_platform_days (
    metric_date       DATE     PRIMARY KEY,
    stores            INTEGER  NOT NULL CHECK (stores >= 0),
    api_calls         BIGINT   NOT NULL CHECK (api_calls >= 0),
    client_errors     BIGINT   NOT NULL CHECK (client_errors >= 0),
    server_errors     BIGINT   NOT NULL CHECK (server_errors >= 0),
    latency_histogram BIGINT[] NOT NULL
);

-- store-analytics: each store's running totals, one row per store and every day from its first
-- usage row to the latest day in usage_metrics, so a store's calls, orders and revenue over any
-- range are two point reads (total at the range's end minus total the day before it starts).
CREATE TABLE usage_report_store_totals (
    metric_date  DATE           NOT NULL,
    store_id     UUID           NOT NULL,
    api_calls    BIGINT         NOT NULL CHECK (api_calls >= 0),
    orders       BIGINT         NOT NULL CHECK (orders >= 0),
    revenue      NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (metric_date, store_id)
);

-- One row: when the tables were last refreshed, and from which usage_metrics.updated_at on rows
-- are looked at again (the refresh's start less an overlap that covers writers' clock skew and
-- transactions still open when it read).
CREATE TABLE usage_report_refreshes (
    report        VARCHAR(32) PRIMARY KEY CHECK (report = 'usage'),
    refreshed_at  TIMESTAMPTZ NOT NULL,
    changes_since TIMESTAMPTZ NOT NULL,
    days          INTEGER     NOT NULL CHECK (days >= 0)
);

-- The plan a store was on at a day: its latest subscription opened before the day ended.
CREATE INDEX subscriptions_store_created ON subscriptions (store_id, created_at);
