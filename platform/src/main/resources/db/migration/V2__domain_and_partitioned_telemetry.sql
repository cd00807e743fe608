-- The park domain (parks, enterprises, device profiles, devices), who may see it (users, tokens),
-- what was changed (audit), and telemetry partitioned per park and day with its rollups.

CREATE TABLE park (
    id              text        PRIMARY KEY,
    -- Short number used in partition names (park ids are too long for identifiers).
    num             serial      NOT NULL UNIQUE,
    name            text        NOT NULL,
    timezone        text        NOT NULL,
    retention_days  int         NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
    max_devices     int         NOT NULL CHECK (max_devices > 0),
    max_messages_per_second int NOT NULL CHECK (max_messages_per_second > 0),
    shift_calendar  jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         int         NOT NULL DEFAULT 0
);

CREATE TABLE enterprise (
    id          text        PRIMARY KEY,
    park_id     text        NOT NULL REFERENCES park (id),
    name        text        NOT NULL,
    industry    text        NOT NULL,
    size        text        NOT NULL CHECK (size IN ('micro', 'small', 'medium', 'large')),
    sites       jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    version     int         NOT NULL DEFAULT 0
);
CREATE INDEX enterprise_park ON enterprise (park_id);

-- A profile belongs to a park (shared by its enterprises) or to one enterprise.
CREATE TABLE device_profile (
    id            text        PRIMARY KEY,
    park_id       text        NOT NULL REFERENCES park (id),
    enterprise_id text        REFERENCES enterprise (id),
    name          text        NOT NULL,
    points        jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    version       int         NOT NULL DEFAULT 0
);
CREATE INDEX device_profile_park ON device_profile (park_id);

CREATE TABLE device (
    id              text        PRIMARY KEY,
    enterprise_id   text        NOT NULL REFERENCES enterprise (id),
    park_id         text        NOT NULL REFERENCES park (id),
    name            text        NOT NULL,
    type            text        NOT NULL CHECK (type IN ('machine', 'meter', 'controller', 'gateway')),
    profile_id      text        REFERENCES device_profile (id),
    site            text,
    line            text,
    rated_power_kw  double precision,
    criticality     text        NOT NULL CHECK (criticality IN ('low', 'medium', 'high')),
    gateway_for     jsonb       NOT NULL,
    max_messages_per_second int,
    enabled         boolean     NOT NULL,
    secret_hash     text        NOT NULL,
    secret_rotated_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         int         NOT NULL DEFAULT 0
);
CREATE INDEX device_enterprise ON device (enterprise_id);
CREATE INDEX device_park ON device (park_id);

-- Registry records not yet on parkpulse.registry.v1, written in the transaction that changed the
-- device and deleted once Kafka acknowledged them (transactional outbox).
CREATE TABLE registry_outbox (
    id          bigserial   PRIMARY KEY,
    record_key  text        NOT NULL,
    value       bytea,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
    id             text        PRIMARY KEY,
    display_name   text        NOT NULL,
    password_hash  text        NOT NULL,
    role           text        NOT NULL,
    park_id        text        REFERENCES park (id),
    enterprise_id  text        REFERENCES enterprise (id),
    enabled        boolean     NOT NULL,
    failed_logins  int         NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int         NOT NULL DEFAULT 0
);

-- Login sessions and long-lived API tokens. Only the SHA-256 of a token is stored.
CREATE TABLE api_token (
    id             text        PRIMARY KEY,
    kind           text        NOT NULL CHECK (kind IN ('session', 'api')),
    name           text        NOT NULL,
    token_hash     text        NOT NULL UNIQUE,
    user_id        text        REFERENCES app_user (id) ON DELETE CASCADE,
    role           text        NOT NULL,
    park_id        text        REFERENCES park (id),
    enterprise_id  text        REFERENCES enterprise (id),
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz,
    revoked_at     timestamptz,
    last_used_at   timestamptz,
    version        int         NOT NULL DEFAULT 0
);
CREATE INDEX api_token_park ON api_token (park_id);

CREATE TABLE audit_log (
    id             bigserial   PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor          text        NOT NULL,
    action         text        NOT NULL,
    target_type    text        NOT NULL,
    target_id      text        NOT NULL,
    park_id        text,
    enterprise_id  text,
    details        jsonb       NOT NULL
);
CREATE INDEX audit_log_park ON audit_log (park_id, at);

-- Telemetry partitioned by park (list), then by UTC day (range). Each park also has a default
-- day partition that catches readings outside the days created ahead. A redelivered reading has
-- the same (enterprise, device, ts, seq) and is stored once.
ALTER TABLE telemetry RENAME TO telemetry_v1;
ALTER INDEX telemetry_device_ts RENAME TO telemetry_v1_device_ts;
CREATE TABLE telemetry (
    park        text        NOT NULL,
    enterprise  text        NOT NULL,
    device      text        NOT NULL,
    seq         bigint      NOT NULL,
    ts          timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    metrics     jsonb       NOT NULL,
    -- One index serves both: skipping redeliveries, and a device's readings by time.
    PRIMARY KEY (park, enterprise, device, ts, seq)
) PARTITION BY LIST (park);

-- Readings of parks without partitions yet (and from before the domain existed): kept here and
-- moved into the park's own partition when the platform creates it.
CREATE TABLE telemetry_unassigned PARTITION OF telemetry DEFAULT;
INSERT INTO telemetry (park, enterprise, device, seq, ts, received_at, metrics)
SELECT park, enterprise, device, seq, ts, received_at, metrics FROM telemetry_v1;
DROP TABLE telemetry_v1;

-- Rollups of numeric and boolean metrics. first/last let counters' increase be derived.
CREATE TABLE rollup_1m (
    park        text             NOT NULL,
    enterprise  text             NOT NULL,
    device      text             NOT NULL,
    point       text             NOT NULL,
    bucket      timestamptz      NOT NULL,
    n           bigint           NOT NULL,
    sum         double precision NOT NULL,
    min         double precision NOT NULL,
    max         double precision NOT NULL,
    first_ts    timestamptz      NOT NULL,
    first_value double precision NOT NULL,
    last_ts     timestamptz      NOT NULL,
    last_value  double precision NOT NULL,
    PRIMARY KEY (enterprise, device, point, bucket)
);
CREATE TABLE rollup_1h (LIKE rollup_1m INCLUDING ALL);
CREATE TABLE rollup_1d (LIKE rollup_1m INCLUDING ALL);
CREATE INDEX rollup_1m_park ON rollup_1m (park, bucket);
CREATE INDEX rollup_1h_park ON rollup_1h (park, bucket);
CREATE INDEX rollup_1d_park ON rollup_1d (park, bucket);

-- What the platform knows of each device's connection, from telemetry and gateway events.
CREATE TABLE device_status (
    enterprise      text        NOT NULL,
    device          text        NOT NULL,
    park            text        NOT NULL,
    online          boolean     NOT NULL,
    state_changed_at timestamptz NOT NULL,
    last_seen       timestamptz,
    last_event      text,
    last_event_at   timestamptz,
    max_seq         bigint,
    readings        bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (enterprise, device)
);

-- Missing seq ranges per device, inclusive; shrunk when a late reading fills them.
CREATE TABLE telemetry_gap (
    enterprise  text        NOT NULL,
    device      text        NOT NULL,
    from_seq    bigint      NOT NULL,
    to_seq      bigint      NOT NULL,
    detected_at timestamptz NOT NULL,
    PRIMARY KEY (enterprise, device, from_seq)
);

CREATE TABLE device_event (
    park        text        NOT NULL,
    enterprise  text        NOT NULL,
    device      text        NOT NULL,
    type        text        NOT NULL,
    at          timestamptz NOT NULL,
    details     jsonb       NOT NULL
);
CREATE INDEX device_event_device ON device_event (enterprise, device, at);
