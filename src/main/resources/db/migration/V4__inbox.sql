-- The unassigned inbox: what staff decided about a number that matches no customer.
create table inbox_numbers (
    phone              varchar(64) primary key,
    -- Dismissed up to this message: the conversation is back in the inbox once a newer text arrives.
    dismissed_up_to    bigint not null default 0,
    dismissed_by       varchar(100),
    dismissed_at       timestamp with time zone,
    -- A blocked number's texts are stored but never surface.
    blocked            boolean not null default false,
    assigned_to        bigint references customers (id),
    assigned_by        varchar(100),
    assigned_at        timestamp with time zone
);

create index messages_unassigned on messages (customer_id, from_address, id);
