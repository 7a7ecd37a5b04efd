-- The pace of each sender number, shared by every instance: when the number may send next. The worker locks the rows
-- of the numbers it is about to send from (in one order, so instances never deadlock), takes slots, and moves them on.
create table send_pace (
    sender     varchar(64) primary key,
    next_slot  timestamp with time zone not null
);
