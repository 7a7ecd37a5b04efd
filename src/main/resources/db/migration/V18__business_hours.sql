-- Settings › Business hours: each weekday's opening ("08:00-17:00"; null: closed all day; "00:00-24:00": open all
-- day) in kontrol.time-zone, the after-hours reply, and the days the office is closed. No row: Monday to Friday
-- 08:00-17:00, the reply off.
create table business_hours (
    id                  integer primary key,
    mon                 varchar(11),
    tue                 varchar(11),
    wed                 varchar(11),
    thu                 varchar(11),
    fri                 varchar(11),
    sat                 varchar(11),
    sun                 varchar(11),
    after_hours_enabled boolean       not null,
    after_hours_body    varchar(1600) not null,
    updated_by          varchar(100)  not null,
    updated_at          timestamp with time zone not null
);

create table closed_days (
    closed_on date         primary key,
    name varchar(100) not null
);

-- One after-hours reply per customer per closed period (the period named by when the office closed).
create table after_hours_replies (
    customer_id  bigint not null references customers (id) on delete cascade,
    closed_since timestamp with time zone not null,
    message_id   bigint references messages (id) on delete set null,
    primary key (customer_id, closed_since)
);
