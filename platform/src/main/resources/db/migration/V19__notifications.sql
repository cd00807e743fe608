-- Notification channels of a park (enterprise_id null: the park operator's) or of one enterprise
-- (its admin's), the escalation delays of their contact levels, and the outbox of notifications
-- with every delivery attempt.
CREATE TABLE notification_channel (
    id             text        PRIMARY KEY,
    park_id        text        NOT NULL REFERENCES park (id),
    enterprise_id  text        REFERENCES enterprise (id),
    name           text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('webhook', 'wecom', 'dingtalk', 'email')),
    -- The URL of a webhook or robot; the comma-separated addresses of an e-mail channel.
    target         text        NOT NULL,
    secret         text,
    min_severity   text        NOT NULL CHECK (min_severity IN ('info', 'warning', 'critical')),
    language       text        NOT NULL CHECK (language IN ('zh', 'en')),
    level          int         NOT NULL CHECK (level BETWEEN 1 AND 5),
    per_minute     int         NOT NULL CHECK (per_minute BETWEEN 1 AND 600),
    enabled        boolean     NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_channel_owner ON notification_channel (park_id, enterprise_id);

-- When contact level `level` (2 or more) of a park's or an enterprise's channels is told about an
-- alarm still unacknowledged: seconds after it opened, per severity; null: the alarm's SLA times
-- (level - 1).
CREATE TABLE escalation_level (
    id                bigserial PRIMARY KEY,
    park_id           text      NOT NULL REFERENCES park (id),
    enterprise_id     text      REFERENCES enterprise (id),
    level             int       NOT NULL CHECK (level BETWEEN 2 AND 5),
    info_seconds      int       CHECK (info_seconds > 0),
    warning_seconds   int       CHECK (warning_seconds > 0),
    critical_seconds  int       CHECK (critical_seconds > 0)
);
CREATE UNIQUE INDEX escalation_level_owner
    ON escalation_level (park_id, coalesce(enterprise_id, ''), level);

CREATE TABLE notification (
    id             bigserial   PRIMARY KEY,
    channel_id     text        REFERENCES notification_channel (id) ON DELETE SET NULL,
    channel_name   text        NOT NULL,
    channel_kind   text        NOT NULL,
    park_id        text        NOT NULL,
    enterprise_id  text,
    -- Null for a channel's test message.
    alarm_id       bigint      REFERENCES alarm (id) ON DELETE CASCADE,
    event          text        NOT NULL CHECK (event IN ('opened', 'escalated', 'resolved', 'test')),
    level          int         NOT NULL,
    -- What is sent, as rendered in the channel's language: title, text and the alarm's facts.
    message        jsonb       NOT NULL,
    status         text        NOT NULL
                               CHECK (status IN ('pending', 'sent', 'failed', 'dead', 'cancelled')),
    attempts       int         NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    claimed_until  timestamptz,
    sent_at        timestamptz,
    http_status    int,
    error          text
);
-- Each channel hears of each step of an alarm once.
CREATE UNIQUE INDEX notification_once ON notification (alarm_id, channel_id, event)
    WHERE alarm_id IS NOT NULL;
CREATE INDEX notification_due ON notification (due_at) WHERE status = 'pending';
CREATE INDEX notification_channel_recent ON notification (channel_id, created_at);

CREATE TABLE notification_attempt (
    id               bigserial   PRIMARY KEY,
    notification_id  bigint      NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    channel_id       text,
    at               timestamptz NOT NULL,
    ok               boolean     NOT NULL,
    http_status      int,
    error            text
);
CREATE INDEX notification_attempt_channel ON notification_attempt (channel_id, at);
CREATE INDEX notification_attempt_notification ON notification_attempt (notification_id);
