-- The team inbox: the state of each customer's conversation as the team works it, and each person's read marker.

create table conversations (
    customer_id      bigint primary key references customers (id) on delete cascade,
    state            varchar(8) default 'open' not null check (state in ('open', 'closed', 'snoozed')),
    snoozed_until    timestamp with time zone,
    owner            varchar(100),
    owner_set_by     varchar(100),
    owner_set_at     timestamp with time zone,
    -- The oldest customer text that no staff reply or sent notification has followed yet; null when answered.
    waiting_since    timestamp with time zone,
    answered_at      timestamp with time zone,
    last_message_id  bigint not null,
    last_inbound_id  bigint,
    last_activity_at timestamp with time zone not null,
    state_changed_by varchar(100),
    state_changed_at timestamp with time zone
);
-- Each view is an index range in its own order: Needs reply (longest waiting first), the others latest first.
create index conversations_waiting on conversations (state, waiting_since, customer_id);
create index conversations_activity on conversations (last_activity_at, customer_id);
create index conversations_state_activity on conversations (state, last_activity_at, customer_id);
create index conversations_owner on conversations (owner, last_activity_at, customer_id);
create index conversations_snoozed on conversations (state, snoozed_until);

-- Up to which message a person has read a customer's thread.
create table conversation_reads (
    customer_id bigint       not null references customers (id) on delete cascade,
    username    varchar(100) not null,
    read_up_to  bigint       not null,
    primary key (customer_id, username)
);

-- Every customer who has texts already has a conversation: open, waiting since their oldest text after our last one.
insert into conversations (customer_id, last_message_id, last_inbound_id, last_activity_at, waiting_since, answered_at)
select m.customer_id,
       max(m.id),
       max(case when m.direction = 'inbound' then m.id end),
       max(m.created_at),
       min(case when m.direction = 'inbound'
                     and m.id > coalesce((select max(o.id) from messages o
                                          where o.customer_id = m.customer_id and o.direction = 'outbound'), 0)
                then m.created_at end),
       max(case when m.direction = 'outbound' then m.created_at end)
from messages m
where m.customer_id is not null
group by m.customer_id;
