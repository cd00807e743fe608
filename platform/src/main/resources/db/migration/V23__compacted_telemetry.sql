-- Compacted telemetry. The readings of a closed UTC day older than the park's hot window become one
-- row per device and hour: a lossless columnar block (see HourBlock), compressed again by
-- PostgreSQL's TOAST (lz4 where the server has it, else pglz). The hot days stay one row per
-- reading in the partitioned telemetry table, where the ingest skips redeliveries by primary key.
ALTER TABLE park ADD COLUMN hot_days int NOT NULL DEFAULT 2 CHECK (hot_days BETWEEN 1 AND 3650);

CREATE TABLE telemetry_hour (
    park        text        NOT NULL,
    enterprise  text        NOT NULL,
    device      text        NOT NULL,
    -- The UTC hour the readings were taken in.
    hour        timestamptz NOT NULL,
    readings    int         NOT NULL,
    block       bytea       NOT NULL,
    PRIMARY KEY (park, enterprise, device, hour)
);

DO $$
BEGIN
    ALTER TABLE telemetry_hour ALTER COLUMN block SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'no lz4 in this PostgreSQL (%): telemetry_hour is compressed with pglz', SQLERRM;
END $$;
