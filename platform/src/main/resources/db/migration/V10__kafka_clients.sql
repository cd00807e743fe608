-- Kafka consumers of an enterprise's own systems, seen by the platform's sampling of the brokers'
-- consumer groups: a group named {prefix}.{park}.{enterprise}.{system} that reads its park's
-- topics. O9 counts the ones active in the assessment window beside the enterprise's API tokens.
CREATE TABLE kafka_client (
    enterprise_id text        NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    group_id      text        NOT NULL,
    topics        text[]      NOT NULL,
    committed     bigint      NOT NULL,
    members       int         NOT NULL,
    first_seen    timestamptz NOT NULL,
    last_sampled  timestamptz NOT NULL,
    last_active   timestamptz,
    PRIMARY KEY (enterprise_id, group_id)
);
CREATE INDEX kafka_client_active ON kafka_client (enterprise_id, last_active);
