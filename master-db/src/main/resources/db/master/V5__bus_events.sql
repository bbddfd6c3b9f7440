-- The bus (module bus): every domain event published to the other instances, numbered in order of
-- insertion (not of commit). Each insert is NOTIFYed on channel storeplane_bus in the same
-- statement; listeners that missed a notification (a dropped connection, a new instance) read the
-- recent rows as a backstop.
-- Rows are short-lived: every instance deletes those older than storeplane.bus.retention.
CREATE TABLE bus_events (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      VARCHAR(100) NOT NULL,
    payload    TEXT         NOT NULL,
    origin     VARCHAR(128) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX bus_events_created_at_idx ON bus_events (created_at);
