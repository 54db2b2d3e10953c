-- An action's cap on appeals sent for supporters (postgres). Kept in lockstep with ../sqlite/0011_action_mail_pace.sql.
-- Messages per target per office hour (docs/mail.md, "Appeals"); NULL means the default (30).
ALTER TABLE actions ADD COLUMN mail_per_hour INTEGER;
