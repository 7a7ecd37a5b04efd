-- The last "on my way" text of each visit: a second one within 5 minutes is not sent.
create table visit_on_the_way (
    visit_id    bigint primary key references visits (id),
    message_id  bigint references messages (id),
    sent_at     timestamp with time zone not null,
    sent_by     varchar(100) not null
);
