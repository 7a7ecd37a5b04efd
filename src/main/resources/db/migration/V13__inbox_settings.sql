-- Settings › Inbox: whether a bare acknowledgement ("ok", "thanks", "👍") to a conversation that was answered or
-- closed leaves it as it is, and which words count, one per line. No row: on, with the built-in words.
create table inbox_settings (
    id                     integer primary key,
    quiet_acknowledgements boolean not null,
    acknowledgement_words  varchar(4000) not null,
    updated_by             varchar(100) not null,
    updated_at             timestamp with time zone not null
);
