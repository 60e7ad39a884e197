-- The built-in "Atiende" user: the author of what the system does by itself (tickets opened by
-- the campus monitor or a missing backup, their notes and resolutions), so history always names
-- who acted. It is deactivated from the start: it cannot sign in, holds no credential, receives
-- no notification and is not listed among users or agents (store::users::SYSTEM_EMAIL).
-- Keep in step with the other engine's 0013_system_user.sql.

insert into app_user (email, name, role, client_id, locale, time_zone, password_hash, created_at_us, deactivated_at_us)
values ('sistema@atiende.invalid', 'Atiende (sistema)', 'agent', null, 'es', 'UTC', '!', 0, 0);
