-- Ids of deleted parks and enterprises. What they stored (telemetry, rollups, assessments,
-- alarms, audit entries) stays for the park's records; their ids are never handed out again, so
-- no later tenant can inherit that history.
CREATE TABLE retired_id (
    kind        text        NOT NULL CHECK (kind IN ('park', 'enterprise')),
    id          text        NOT NULL,
    park_id     text        NOT NULL,
    retired_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, id)
);
