-- Reports (issue 34): what texting amounted to, per day and hour of the business's time zone, kept as texts happen
-- (a tally that follows the messages table by id, within a minute), so that a range is read from these rows: a year
-- is at most 8,784 rows per measure, whatever the history. username: the person who sent (typed texts), else ''.
create table report_counts (
    day       date         not null,
    hour      smallint     not null check (hour between 0 and 23),
    metric    varchar(30)  not null,
    username  varchar(100) not null default '',
    count     bigint       not null,
    primary key (day, metric, hour, username)
);

-- How far the tally has read the messages table; reset to 0 (and the counts emptied) to count everything again.
create table report_tally (
    id               int primary key check (id = 1),
    last_message_id  bigint not null
);
insert into report_tally (id, last_message_id) values (1, 0);
