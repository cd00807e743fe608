-- An enterprise's production output as it reports it (ERP, MES or by hand), per day in its park's
-- time zone: good units. O11 compares it with what its machines counted (counter.good points).
CREATE TABLE reported_output (
    enterprise_id text             NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    day           date             NOT NULL,
    quantity      double precision NOT NULL CHECK (quantity >= 0 AND quantity < 'Infinity'),
    unit          text,
    reported_by   text             NOT NULL,
    reported_at   timestamptz      NOT NULL,
    PRIMARY KEY (enterprise_id, day)
);
