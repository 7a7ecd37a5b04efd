-- Whether customer numbers are looked up for their line type (a paid Twilio Lookup: off until an admin switches it on).
create table line_type_settings (
    id          int primary key,
    enabled     boolean not null,
    changed_by  varchar(100),
    changed_at  timestamp with time zone
);
insert into line_type_settings (id, enabled) values (1, false);

-- Each number's line type as the lookup gave it, looked up once and kept: 'mobile', 'landline', 'fixedVoip', …
create table phone_line_types (
    phone         varchar(32) primary key,
    line_type     varchar(32),
    carrier       varchar(200),
    looked_up_at  timestamp with time zone not null
);
