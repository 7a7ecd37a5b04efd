-- Pictures and PDFs sent by MMS: kept in the database, so every instance serves them, each under a long random
-- token. Twilio fetches them from /media/{token} (no login) until expires_at; staff see them in the thread for good.
create table outbound_media (
    token        varchar(64)  primary key,
    message_id   bigint       references messages (id) on delete cascade,
    content_type varchar(100) not null,
    file_name    varchar(200) not null,
    size_bytes   integer      not null,
    data         bytea        not null,
    created_by   varchar(100) not null,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null
);
create index outbound_media_message on outbound_media (message_id);
