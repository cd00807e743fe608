-- Fleet management: each agent's desired configuration, versioned, and the rollouts that send it.
-- A configuration holds only what an agent may be told remotely (buses, machines, commands);
-- secrets are referenced by name (secret:NAME) and stay on the controller, so no row here holds one.

-- One configuration sent to a set of an enterprise's agents, in waves: the canary first (wave 1,
-- when asked for), then the rest (wave 2). The first failure stops it; the rest is skipped.
CREATE TABLE agent_rollout (
    id              bigserial   PRIMARY KEY,
    park_id         text        NOT NULL REFERENCES park (id) ON DELETE CASCADE,
    enterprise_id   text        NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    body            text        NOT NULL,
    hash            text        NOT NULL,
    canary_percent  int         NOT NULL CHECK (canary_percent BETWEEN 0 AND 100),
    trial_seconds   int         NOT NULL CHECK (trial_seconds BETWEEN 5 AND 60),
    comment         text,
    state           text        NOT NULL CHECK (state IN ('running', 'done', 'stopped', 'cancelled')),
    stop_reason     text,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX agent_rollout_enterprise ON agent_rollout (enterprise_id, id);
CREATE INDEX agent_rollout_running ON agent_rollout (id) WHERE state = 'running';

-- A rollout's agent: pending until its wave comes, then sent (the agent tries the configuration),
-- then applied or failed; skipped when the rollout stopped before its turn.
CREATE TABLE agent_rollout_target (
    rollout_id  bigint      NOT NULL REFERENCES agent_rollout (id) ON DELETE CASCADE,
    device_id   text        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    wave        int         NOT NULL CHECK (wave IN (1, 2)),
    state       text        NOT NULL CHECK (state IN ('pending', 'sent', 'applied', 'failed', 'skipped')),
    version     int,
    reason      text,
    sent_at     timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (rollout_id, device_id)
);
-- An agent takes part in one running rollout at a time: two rollouts started at once cannot both
-- take it.
CREATE UNIQUE INDEX agent_rollout_target_device ON agent_rollout_target (device_id)
    WHERE state IN ('pending', 'sent');

-- A version of one agent's managed configuration: written when a rollout sends it to the agent.
-- The agent's desired configuration is its latest version.
CREATE TABLE agent_config (
    device_id   text        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    version     int         NOT NULL CHECK (version >= 1),
    body        text        NOT NULL,
    -- lowercase hex SHA-256 of the body's UTF-8 bytes, as the agent reports it
    hash        text        NOT NULL,
    rollout_id  bigint      NOT NULL REFERENCES agent_rollout (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, version)
);
