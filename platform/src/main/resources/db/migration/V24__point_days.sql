-- A summary of each point's closed days in its park's time zone, for the maturity assessment's
-- samples (O3) and freshness (O4): a park of 500 enterprises has tens of millions of hourly rollups
-- in a 30-day window, and one row a point and day replaces 24 of them (see DaySummaryJob).
--   n          the day's samples: the sum of n over the point's hourly rollups in [bucket, day_end);
--              the summary holds while it equals the daily rollup's n (0 where the day had none);
--   staleness  for each of those hours, how long before the hour's end its last value came
--              (microseconds), in ascending order: the hours fresh for an interval T are
--              width_bucket(T, staleness).
CREATE TABLE point_day (
    park        text        NOT NULL,
    enterprise  text        NOT NULL,
    device      text        NOT NULL,
    point       text        NOT NULL,
    -- The day's start (local midnight) and the next day's.
    bucket      timestamptz NOT NULL,
    day_end     timestamptz NOT NULL,
    n           bigint      NOT NULL,
    staleness   bigint[]    NOT NULL,
    PRIMARY KEY (enterprise, device, point, bucket)
);
CREATE INDEX point_day_park ON point_day (park, bucket);
