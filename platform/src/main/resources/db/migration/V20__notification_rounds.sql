-- Rounds of an alarm: each raise starts one (the first when it opens, another each time it is
-- raised again after it cleared, before anyone closed it). Notifications belong to a round, so
-- that an alarm raised again is told again, and its next clear resolved again.
ALTER TABLE alarm ADD COLUMN raised_at timestamptz;
UPDATE alarm SET raised_at = opened_at;
ALTER TABLE alarm ALTER COLUMN raised_at SET NOT NULL;
-- An alarm inserted without it (not by the rule engine, which sets it) was raised when it opened.
CREATE FUNCTION alarm_raised_at_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.raised_at := coalesce(NEW.raised_at, NEW.opened_at);
    RETURN NEW;
END $$;
CREATE TRIGGER alarm_raised_at_default BEFORE INSERT ON alarm
    FOR EACH ROW EXECUTE FUNCTION alarm_raised_at_default();
-- The number of the latest round: 1 when the alarm opens, + 1 at each raise after a clear.
ALTER TABLE alarm ADD COLUMN round int NOT NULL DEFAULT 1 CHECK (round >= 1);

ALTER TABLE notification ADD COLUMN round int NOT NULL DEFAULT 1 CHECK (round >= 1);
-- Each channel hears of each step of each round of an alarm once.
DROP INDEX notification_once;
CREATE UNIQUE INDEX notification_once ON notification (alarm_id, channel_id, event, round)
    WHERE alarm_id IS NOT NULL;
