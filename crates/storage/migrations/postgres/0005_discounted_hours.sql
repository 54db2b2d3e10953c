-- Hours an organizer took out of an action's public count (PostgreSQL). Kept in lockstep with
-- ../sqlite/0005_discounted_hours.sql.
--
-- A flood (a script posting "I called" thousands of times in one hour) is discounted by the
-- hour with `outcry counts discount`: the records stay in action_records, untouched, and the
-- counts the site shows leave out every record of an hour with an active row here. Restoring
-- (`outcry counts restore`) sets restored_at rather than deleting the row, so what was done to
-- a count, when and why stays on record; the same hour may be discounted again later, once
-- restored. This is about organizers' decisions, not supporters: there is no person here, and
-- the hour is the same hour text as action_records.recorded_hour.
CREATE TABLE discounted_hours (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id      BIGINT NOT NULL,
    hour           TEXT   NOT NULL,   -- RFC 3339 UTC, minutes and seconds zeroed
    reason         TEXT   NOT NULL,   -- the organizer's note; empty when none was given
    discounted_at  TEXT   NOT NULL,   -- RFC 3339 UTC
    restored_at    TEXT,              -- RFC 3339 UTC; NULL while the discount holds
    CONSTRAINT discounted_hours_action_fkey FOREIGN KEY (action_id)
        REFERENCES actions (id) ON DELETE RESTRICT
);

-- At most one discount in force per action and hour; counting looks them up by this index.
CREATE UNIQUE INDEX discounted_hours_active_key ON discounted_hours (action_id, hour)
    WHERE restored_at IS NULL;
