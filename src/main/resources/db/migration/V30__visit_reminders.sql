-- The reminder of each visit: one scheduled text (through the outbox) at a time, replaced when the visit moves.
create table visit_reminders (
    visit_id    bigint primary key references visits (id),
    message_id  bigint references messages (id),
    due_at      timestamp with time zone not null
);
