-- A ticket's scope reason becomes a code (domain::scope::ScopeReason: custom_development,
-- core_modification, integration, campus_administration, not_hosted, other) with an optional
-- free-text note, and the ticket keeps the scope Atiende suggested when it was opened
-- (domain::scope_suggestion) and what an agent decided about it. Keep in step with the other
-- engine's 0018_scope.sql.
alter table ticket add column scope_note text;

-- Before 0018 the reason was free text: it becomes the note; an out-of-scope ticket gets the
-- reason `other`, and a text on another kind was only ever a note.
update ticket set scope_note = scope_reason,
    scope_reason = case when scope = 'out_of_scope' then 'other' else null end
    where scope_reason is not null;
update ticket set scope_reason = 'other' where scope = 'out_of_scope' and scope_reason is null;

-- The suggestion: the scope it proposes (kind and reason code), the rule that decided and the
-- client's words it matched (the explanation an agent reads); null on tickets opened before it.
alter table ticket add column suggested_scope text;
alter table ticket add column suggested_reason text;
alter table ticket add column suggestion_rule text;
alter table ticket add column suggestion_match text;
-- `accepted` or `overridden` once an agent decided (the ticket's events say who and when).
alter table ticket add column suggestion_decision text;
