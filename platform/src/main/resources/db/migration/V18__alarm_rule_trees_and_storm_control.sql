-- Rules as a tree of conditions (all / any of leaves), scoped to a device or a profile as well as
-- a park or an enterprise, with their own flapping settings; alarms that count their transitions,
-- are marked flapping, and one summary alarm per enterprise for what its cap suppressed.
ALTER TABLE alarm_rule ADD COLUMN when_tree jsonb;
ALTER TABLE alarm_rule ADD COLUMN device_id text REFERENCES device (id) ON DELETE CASCADE;
ALTER TABLE alarm_rule ADD COLUMN profile_id text REFERENCES device_profile (id) ON DELETE CASCADE;
ALTER TABLE alarm_rule ADD COLUMN flap_transitions int CHECK (flap_transitions >= 2);
ALTER TABLE alarm_rule ADD COLUMN flap_window_seconds int CHECK (flap_window_seconds > 0);
ALTER TABLE alarm_rule ALTER COLUMN condition DROP NOT NULL;
-- A rule has either the first form (condition on a point kind or a point) or a tree.
ALTER TABLE alarm_rule DROP CONSTRAINT alarm_rule_check;
ALTER TABLE alarm_rule ADD CONSTRAINT alarm_rule_form CHECK (
    (when_tree IS NULL AND condition IS NOT NULL AND (point_kind IS NULL) <> (point IS NULL))
    OR (when_tree IS NOT NULL AND condition IS NULL AND point_kind IS NULL AND point IS NULL));

ALTER TABLE alarm ADD COLUMN transitions int NOT NULL DEFAULT 1;
ALTER TABLE alarm ADD COLUMN flapping boolean NOT NULL DEFAULT false;
ALTER TABLE alarm ADD COLUMN suppressed int NOT NULL DEFAULT 0;
ALTER TABLE alarm ADD COLUMN summary boolean NOT NULL DEFAULT false;
ALTER TABLE alarm ALTER COLUMN rule_id DROP NOT NULL;
ALTER TABLE alarm ALTER COLUMN device_id DROP NOT NULL;
ALTER TABLE alarm ADD CONSTRAINT alarm_summary_or_device
    CHECK (summary OR (rule_id IS NOT NULL AND device_id IS NOT NULL));
-- At most one summary alarm not yet closed per enterprise.
CREATE UNIQUE INDEX alarm_summary_open ON alarm (enterprise_id) WHERE summary AND closed_at IS NULL;
CREATE INDEX alarm_enterprise_open ON alarm (enterprise_id) WHERE closed_at IS NULL;
