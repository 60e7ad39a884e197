-- Users are deactivated, never deleted once history refers to them: the row (and so the name
-- shown in tickets and events) stays, sign-in and every credential stop working.
-- Keep in step with the other engine's 0005_user_deactivation.sql.

alter table app_user add column deactivated_at_us bigint;
