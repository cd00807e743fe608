-- Rounds of an alarm: each raise starts one (the first when it opens, another each time it is
-- raised again after it cleared, before anyone closed it). Notifications belong to a round, so
-- that an alarm raised again is told again, and its next clear resolved again.
-- When the latest round began; null for an alarm not raised again since it opened (its round
-- began at opened_at), as for the rows written before rounds.
ALTER TABLE alarm ADD COLUMN raised_at timestamptz;
-- The number of the latest round: 1 when the alarm opens, + 1 at each raise after a clear.
ALTER TABLE alarm ADD COLUMN round int NOT NULL DEFAULT 1 CHECK (round >= 1);

ALTER TABLE notification ADD COLUMN round int NOT NULL DEFAULT 1 CHECK (round >= 1);
-- Each channel hears of each step of each round of an alarm once.
DROP INDEX notification_once;
CREATE UNIQUE INDEX notification_once ON notification (alarm_id, channel_id, event, round)
    WHERE alarm_id IS NOT NULL;
