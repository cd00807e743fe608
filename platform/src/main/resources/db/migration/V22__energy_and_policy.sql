-- Energy and carbon (双碳), 亩均效益 and the park's policy sheet.

-- Conversion (kgce per unit) and emission (kgCO2 per unit) factors of each energy carrier, for the
-- whole country (province and park null), a province, or one park. A row is never changed or
-- deleted: a newer factor is a new row valid from a later day, and every figure names the row it
-- used, so a change of factor never rewrites history silently.
CREATE TABLE energy_factor (
    id          bigserial        PRIMARY KEY,
    kind        text             NOT NULL CHECK (kind IN ('tce', 'co2')),
    carrier     text             NOT NULL CHECK (carrier IN
                    ('electricity', 'pv', 'green-power', 'natural-gas', 'steam', 'coal')),
    park_id     text             REFERENCES park (id) ON DELETE CASCADE,
    province    text,
    valid_from  date             NOT NULL,
    value       double precision NOT NULL CHECK (value >= 0),
    unit        text             NOT NULL,
    source      text             NOT NULL,
    created_by  text             NOT NULL,
    created_at  timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX energy_factor_lookup ON energy_factor (kind, carrier, valid_from);
-- The shipped national factors, written at start by whichever replica starts first: once each.
CREATE UNIQUE INDEX energy_factor_shipped ON energy_factor (kind, carrier, valid_from)
    WHERE created_by = 'parkpulse' AND park_id IS NULL AND province IS NULL;

-- A park's energy settings: its province (which factors apply), the 零碳园区 core threshold and the
-- 亩均 weights and class shares. A park without a row uses the documented defaults.
CREATE TABLE park_energy_settings (
    park_id             text             PRIMARY KEY REFERENCES park (id) ON DELETE CASCADE,
    province            text,
    core_threshold      double precision NOT NULL CHECK (core_threshold > 0),
    large_threshold     double precision NOT NULL CHECK (large_threshold > 0),
    large_park_tce      double precision NOT NULL CHECK (large_park_tce > 0),
    -- 亩均 weights and class shares; null where the park keeps the documented default
    mu_tax_weight       double precision,
    mu_sales_weight     double precision,
    mu_energy_weight    double precision,
    mu_share_a          double precision,
    mu_share_b          double precision,
    mu_share_d          double precision,
    mu_cap              double precision,
    updated_by          text             NOT NULL,
    updated_at          timestamptz      NOT NULL,
    version             int              NOT NULL DEFAULT 0
);

-- What an enterprise declares for a month: clean electricity bought (green certificates or green
-- power contracts, kWh), natural gas (m3), steam (t), coal (t).
CREATE TABLE energy_declaration (
    enterprise_id   text             NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    month           date             NOT NULL CHECK (extract(day FROM month) = 1),
    carrier         text             NOT NULL CHECK (carrier IN
                        ('green-power', 'natural-gas', 'steam', 'coal')),
    quantity        double precision NOT NULL CHECK (quantity >= 0),
    source          text             NOT NULL,
    declared_by     text             NOT NULL,
    declared_at     timestamptz      NOT NULL,
    version         int              NOT NULL DEFAULT 0,
    PRIMARY KEY (enterprise_id, month, carrier)
);

-- One energy meter's day (in its park's time zone), measured from the 1-minute rollups: how many
-- of the day's 15-minute slots have a value, the register's rise since the last reading before
-- the day, and the rises between readings at most 15 minutes apart. Kept beyond the telemetry's
-- retention: the year's figures, 亩均 and the MIIT estimate read them.
CREATE TABLE energy_meter_day (
    park            text             NOT NULL,
    enterprise      text             NOT NULL,
    device          text             NOT NULL,
    point           text             NOT NULL,
    carrier         text             NOT NULL CHECK (carrier IN ('electricity', 'pv')),
    day             date             NOT NULL,
    slots           int              NOT NULL CHECK (slots >= 0),
    expected_slots  int              NOT NULL CHECK (expected_slots > 0),
    counter_kwh     double precision,
    interval_kwh    double precision NOT NULL,
    -- how often the register fell that day (each taken as a reset), flagged in the figures
    resets          int              NOT NULL DEFAULT 0,
    last_value      double precision,
    computed_at     timestamptz      NOT NULL,
    PRIMARY KEY (enterprise, device, point, day)
);
CREATE INDEX energy_meter_day_park ON energy_meter_day (park, day);

-- An enterprise's good and total units of a day, from its counter.good and counter.total points.
CREATE TABLE energy_output_day (
    park        text             NOT NULL,
    enterprise  text             NOT NULL,
    day         date             NOT NULL,
    good        double precision,
    total       double precision,
    computed_at timestamptz      NOT NULL,
    PRIMARY KEY (enterprise, day)
);
CREATE INDEX energy_output_day_park ON energy_output_day (park, day);

-- The monthly record of each enterprise as published on parkpulse.{park}.energy.v1: a record
-- whose figures change after it was published (late data, a new declaration or factor) is
-- published again with the next revision.
CREATE TABLE energy_month_record (
    enterprise      text        NOT NULL,
    month           date        NOT NULL,
    park            text        NOT NULL,
    revision        int         NOT NULL CHECK (revision >= 1),
    sha256          text        NOT NULL,
    record          jsonb       NOT NULL,
    published_at    timestamptz NOT NULL,
    PRIMARY KEY (enterprise, month)
);

-- Published months whose figures may have changed since (a declaration, a factor or the park's
-- province changed after they were published): the energy job publishes them again, whatever
-- their age, and removes them from here.
CREATE TABLE energy_month_stale (
    park        text        NOT NULL,
    month       date        NOT NULL,
    marked_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (park, month)
);

-- 亩均效益 inputs an enterprise's park operator enters per year: land (mu), tax and sales (万元).
CREATE TABLE mu_input (
    enterprise_id   text             NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    year            int              NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    land_mu         double precision CHECK (land_mu > 0),
    tax_10k_yuan    double precision CHECK (tax_10k_yuan >= 0),
    sales_10k_yuan  double precision CHECK (sales_10k_yuan >= 0),
    declared_by     text             NOT NULL,
    declared_at     timestamptz      NOT NULL,
    version         int              NOT NULL DEFAULT 0,
    PRIMARY KEY (enterprise_id, year)
);

-- What a park's operator declares for the 高标准数字园区 KPIs that data cannot show, with evidence
-- that a platform admin verifies, as enterprises' questionnaire answers are verified.
CREATE TABLE policy_declaration (
    park_id           text             NOT NULL REFERENCES park (id) ON DELETE CASCADE,
    kpi               text             NOT NULL,
    value             double precision NOT NULL CHECK (value >= 0),
    note              text,
    attachment_name   text,
    attachment_sha256 text,
    attachment        bytea,
    declared_by       text             NOT NULL,
    declared_at       timestamptz      NOT NULL,
    verification      text             NOT NULL DEFAULT 'PENDING'
                                       CHECK (verification IN ('PENDING', 'VERIFIED', 'REJECTED')),
    verified_by       text,
    verified_at       timestamptz,
    PRIMARY KEY (park_id, kpi)
);
