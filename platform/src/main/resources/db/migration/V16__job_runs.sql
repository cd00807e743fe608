-- The runs of the platform's scheduled jobs, one row a job and period (jobs.JobLeases): however
-- many replicas run, one claims a period and runs it; its lease is renewed while it runs, and a
-- period whose lease ran out unfinished (its replica died) is claimed again by another.
CREATE TABLE job_run (
    job          text        NOT NULL,
    period       timestamptz NOT NULL,
    owner        text        NOT NULL,
    claimed_at   timestamptz NOT NULL,
    lease_until  timestamptz NOT NULL,
    finished_at  timestamptz,
    attempts     int         NOT NULL DEFAULT 1,
    PRIMARY KEY (job, period)
);
