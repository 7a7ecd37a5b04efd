-- Internal notes live in the thread beside the texts ("direction" note): never sent, never an answer. The column is
-- rebuilt to allow the new value (its check constraint has no name that both databases share).
alter table messages add column direction_new varchar(8) default 'inbound' not null
    check (direction_new in ('inbound', 'outbound', 'note'));
update messages set direction_new = direction;
alter table messages drop column direction;
alter table messages rename column direction_new to direction;

-- "@dana" in a note: the conversation shows in Dana's Mine view, marked, until she opens it.
create table conversation_mentions (
    message_id  bigint       not null references messages (id) on delete cascade,
    username    varchar(100) not null,
    customer_id bigint       not null references customers (id) on delete cascade,
    seen_at     timestamp with time zone,
    primary key (message_id, username)
);
create index conversation_mentions_open on conversation_mentions (username, seen_at, customer_id);
