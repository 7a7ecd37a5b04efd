-- The ledger of automatic texts (everything not typed by a person) that the governor let through, per recipient
-- number: the budgets (per hour, per day) and the loop breaker count here, and the outbox finds which queued texts
-- Kontrol sends on its own schedule (quiet hours are checked again for those when they go). Only automatic texts are
-- written here, so the hot path of typed replies and received texts pays nothing for it.
create table automatic_texts (
    message_id  bigint       primary key references messages (id) on delete cascade,
    to_address  varchar(64)  not null,
    -- 'answer' (to the number's own text), 'now' (a person's action now) or 'scheduled' (Kontrol's own timer)
    trigger     varchar(12)  not null,
    -- 'texts' (customers and everyone else) or 'staff' (the team's own phones: pages, answers to their commands)
    budget      varchar(8)   not null,
    queued_at   timestamp with time zone not null
);
create index automatic_texts_to on automatic_texts (to_address, queued_at);
