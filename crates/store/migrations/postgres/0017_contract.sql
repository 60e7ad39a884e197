-- What a plan covers (service::contract): the seed's twelve services, each included or not and
-- each hosted-only or not (the seed's asterisk: only for campuses on our servers). The service
-- codes are domain::contract::ContractService, checked there (a CHECK here could not grow on
-- SQLite). Keep in step with the other engine's 0017_contract.sql.
create table plan_service (
    plan_id bigint not null references plan(id) on delete cascade,
    service text not null,
    included boolean not null,
    hosted_only boolean not null,
    primary key (plan_id, service)
);

-- Every existing plan (the built-in seed plan, id 1, among them) starts with the seed's list:
-- all twelve included, the asterisked five hosted-only.
insert into plan_service (plan_id, service, included, hosted_only) select id, 'hosting', true, true from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'server_maintenance', true, true from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'security', true, true from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'monitoring', true, false from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'os_db_updates', true, true from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'bug_fixes', true, false from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'daily_backups', true, true from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'version_upgrade', true, false from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'functional_support', true, false from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'technical_support', true, false from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'administrative_commercial', true, false from plan;
insert into plan_service (plan_id, service, included, hosted_only) select id, 'complaints', true, false from plan;
