-- Raw telemetry, one row per reading. (enterprise, device, seq) identifies a reading: a reading
-- delivered twice (MQTT or Kafka redelivery) is stored once.
CREATE TABLE telemetry (
    enterprise  text        NOT NULL,
    device      text        NOT NULL,
    seq         bigint      NOT NULL,
    park        text        NOT NULL,
    ts          timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    metrics     jsonb       NOT NULL,
    PRIMARY KEY (enterprise, device, seq)
);

CREATE INDEX telemetry_device_ts ON telemetry (enterprise, device, ts);
