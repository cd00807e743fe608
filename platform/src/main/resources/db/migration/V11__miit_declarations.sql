-- What an enterprise declares for the MIIT SME evaluation where ParkPulse has no data: a business
-- scenario's level (0 to 4) or a base item's points. Like questionnaire answers, a declaration
-- counts in the MIIT estimate once the park operator has verified its evidence.
CREATE TABLE miit_declaration (
    enterprise_id     text             NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    item              text             NOT NULL,
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
    PRIMARY KEY (enterprise_id, item)
);
