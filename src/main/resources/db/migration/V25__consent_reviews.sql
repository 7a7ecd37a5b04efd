-- Texts that may take back consent in words other than a keyword ("please stop texting me", "wrong number"): staff
-- decide whether each is an opt-out, by the deadline the FCC's rule gives (10 business days from receipt).
create table consent_reviews (
    message_id   bigint primary key references messages (id),
    deadline     date not null,
    decision     varchar(16),                 -- null while undecided; 'opt_out' or 'not_opt_out'
    decided_by   varchar(100),
    decided_at   timestamp with time zone
);
create index consent_reviews_open on consent_reviews (decision, message_id);
