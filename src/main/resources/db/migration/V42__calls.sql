-- Calls to the business number (issue 33). A call is a thread entry beside the texts ("direction" call): its status
-- is ringing, answered, missed or voicemail; its body the voicemail's transcript; its media the recording.
do $$
declare c text;
begin
    for c in select conname from pg_constraint
             where conrelid = 'messages'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%direction%' loop
        execute format('alter table messages drop constraint %I', c);
    end loop;
end $$;
alter table messages add constraint messages_direction
    check (direction in ('inbound', 'outbound', 'note', 'call'));

-- What the thread says of a call beyond its status: which office number answered it, and for how long.
create table calls (
    message_id       bigint      primary key references messages (id) on delete cascade,
    answered_by      varchar(64),
    talk_seconds     integer,
    recording_seconds integer
);

-- Settings › Calls: one row. forward_to holds up to ten E.164 numbers, one per line.
create table call_settings (
    id                 integer      primary key check (id = 1),
    forward_to         varchar(200) not null default '',
    ring_in_order      boolean      not null default false,
    ring_seconds       integer      not null default 20,
    greeting           varchar(300) not null default '',
    voicemail          boolean      not null default true,
    voicemail_greeting varchar(300) not null default 'Sorry, nobody can take your call right now. Please leave a message after the tone, or text us at this number.',
    text_back          boolean      not null default true,
    text_back_body     varchar(320) not null default 'Sorry we missed your call - how can we help? Reply here and {{company_name}} will text you back.',
    updated_by         varchar(100),
    updated_at         timestamp with time zone
);
insert into call_settings (id) values (1);

-- A missed caller is texted back once per half hour and once per closed period: when it was last done, by number.
create table call_text_backs (
    phone    varchar(64) primary key,
    sent_at  timestamp with time zone not null
);
