-- The hours in which an enterprise had data (an hourly rollup row of any of its devices and
-- points), kept by the ingest in the transaction that writes the rollups and expired with them:
-- the gateway uptime of a whole park reads these few hundred thousand rows instead of every hourly
-- rollup (tens of millions).
CREATE TABLE enterprise_hour (
    enterprise  text        NOT NULL,
    bucket      timestamptz NOT NULL,
    park        text        NOT NULL,
    PRIMARY KEY (enterprise, bucket, park)
);
CREATE INDEX enterprise_hour_park ON enterprise_hour (park, bucket);
INSERT INTO enterprise_hour (enterprise, bucket, park)
SELECT DISTINCT enterprise, bucket, park FROM rollup_1h;

-- The hourly rollups hold few points (tens of thousands) for their rows (tens of millions): told
-- so, the planner sums a park's rows per point in parallel and in memory instead of sorting them.
CREATE STATISTICS rollup_1h_points (ndistinct) ON enterprise, device, point FROM rollup_1h;
