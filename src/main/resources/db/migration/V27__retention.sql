-- Data retention (Settings › Data retention): after N days a text's body and media are removed from Kontrol, and
-- optionally Twilio's copy is deleted too. The row, its status and who sent it stay.
create table retention_settings (
    id                  int primary key,
    days                int,                    -- null: keep everything (the default)
    delete_at_provider  boolean not null,
    changed_by          varchar(100),
    changed_at          timestamp with time zone
);
insert into retention_settings (id, days, delete_at_provider) values (1, null, false);

-- The daily run: one instance at a time claims it (claimed_until), and it runs once a day.
create table retention_runs (
    id             int primary key,
    claimed_by     varchar(100),
    claimed_until  timestamp with time zone,
    last_run_on    date,
    last_result    varchar(500),
    last_run_at    timestamp with time zone
);
insert into retention_runs (id) values (1);

alter table messages add column redacted_after_days int;
alter table messages add column redacted_at timestamp with time zone;
alter table messages add column redacted_had_media boolean;
alter table messages add column provider_deleted_at timestamp with time zone;
alter table messages add column provider_delete_attempts int default 0 not null;

create index messages_retention on messages (redacted_after_days, created_at);
create index messages_provider_copies on messages (provider_deleted_at, redacted_after_days);
