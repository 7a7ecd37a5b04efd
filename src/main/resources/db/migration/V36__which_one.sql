-- "Which one?" (several approvals or visits wait for an answer) is asked once per set of open questions: a customer,
-- or an auto-responder, that texts YES again and again gets no second copy; a new set (one decided, one added) asks
-- again.
create table which_one_questions (
    customer_id  bigint       not null references customers (id) on delete cascade,
    about        varchar(16)  not null,  -- 'approvals' or 'visits'
    open_ids     varchar(400) not null,  -- the open questions' ids in the order they were listed
    asked_at     timestamp with time zone not null,
    primary key (customer_id, about, open_ids)
);
