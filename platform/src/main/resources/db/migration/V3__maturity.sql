-- Questionnaire answers of an enterprise, one per question of the catalog, with the evidence
-- attached and the park operator's verification.
CREATE TABLE questionnaire_answer (
    enterprise_id     text        NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    question          text        NOT NULL,
    answer            text        NOT NULL CHECK (answer IN ('FULLY', 'MOSTLY', 'PARTLY', 'NOT')),
    note              text,
    attachment_name   text,
    attachment_sha256 text,
    attachment        bytea,
    answered_by       text        NOT NULL,
    answered_at       timestamptz NOT NULL,
    verification      text        NOT NULL DEFAULT 'PENDING'
                                  CHECK (verification IN ('PENDING', 'VERIFIED', 'REJECTED')),
    verified_by       text,
    verified_at       timestamptz,
    PRIMARY KEY (enterprise_id, question)
);

-- Every assessment is kept: its level, score and the full explanation, with the catalog version.
CREATE TABLE maturity_assessment (
    id              bigserial   PRIMARY KEY,
    enterprise_id   text        NOT NULL,
    park_id         text        NOT NULL,
    assessed_at     timestamptz NOT NULL,
    catalog_version text        NOT NULL,
    level           int         NOT NULL,
    total           double precision NOT NULL,
    result          jsonb       NOT NULL
);
CREATE INDEX maturity_assessment_enterprise ON maturity_assessment (enterprise_id, assessed_at);
CREATE INDEX maturity_assessment_park ON maturity_assessment (park_id, assessed_at);
