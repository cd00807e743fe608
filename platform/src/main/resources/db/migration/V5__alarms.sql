-- Alarm rules of a park (enterprise_id null: every enterprise) or of one enterprise, on a point
-- kind or a point name, and the alarms they open.
CREATE TABLE alarm_rule (
    id             text        PRIMARY KEY,
    park_id        text        NOT NULL REFERENCES park (id),
    enterprise_id  text        REFERENCES enterprise (id),
    name           text        NOT NULL,
    point_kind     text,
    point          text,
    condition      text        NOT NULL CHECK (condition IN ('above', 'below', 'equals')),
    threshold      double precision,
    state          text,
    for_seconds    int         NOT NULL CHECK (for_seconds >= 0),
    severity       text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    sla_seconds    int         NOT NULL CHECK (sla_seconds > 0),
    enabled        boolean     NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((point_kind IS NULL) <> (point IS NULL))
);

CREATE TABLE alarm (
    id               bigserial   PRIMARY KEY,
    rule_id          text        NOT NULL REFERENCES alarm_rule (id) ON DELETE CASCADE,
    park_id          text        NOT NULL,
    enterprise_id    text        NOT NULL,
    device_id        text        NOT NULL,
    point            text        NOT NULL,
    value            text        NOT NULL,
    opened_at        timestamptz NOT NULL,
    sla_seconds      int         NOT NULL,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    closed_at        timestamptz,
    closed_by        text,
    cleared_at       timestamptz
);
CREATE INDEX alarm_enterprise ON alarm (enterprise_id, opened_at);
-- At most one alarm of a rule not yet closed per device.
CREATE UNIQUE INDEX alarm_open ON alarm (rule_id, device_id) WHERE closed_at IS NULL;
