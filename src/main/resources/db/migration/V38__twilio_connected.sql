-- When this database was first used with a real Twilio account. Never cleared: after "Disconnect from Twilio" it still
-- holds real customers' texts, approvals and visits, so its sandbox is a simulation of production: the Dev Phone is
-- for admins only there. A database connected before this table existed is found by its settings row or by the audit
-- entry every connection wrote.
create table twilio_connected (
    id        integer primary key check (id = 1),
    first_at  timestamp with time zone not null
);

insert into twilio_connected (id, first_at)
select 1, coalesce((select min(at) from audit_events where detail like 'Twilio connected%'),
                   (select updated_at from twilio_settings where id = 1),
                   current_timestamp)
where exists (select 1 from twilio_settings where id = 1)
   or exists (select 1 from audit_events where detail like 'Twilio connected%');
