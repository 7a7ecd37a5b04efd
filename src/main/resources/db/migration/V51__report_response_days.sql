-- Reports (issue 34): the answers of each day (in the business's zone), per kind and person, as the waits they ended
-- in seconds, on the clock and in business hours. Written in the answer's own transaction beside report_responses;
-- a range's medians and shares are worked out from these few rows (one per day, kind and person) rather than sorted
-- out of every answer by the database at each view. username: who answered, '' for a notification.
create table report_response_days (
    day               date         not null,
    kind              varchar(5)   not null check (kind in ('first', 'next')),
    username          varchar(100) not null,
    business_seconds  integer[]    not null,
    wall_seconds      integer[]    not null,
    primary key (day, kind, username)
);

-- The days are the zone's: the zone they were counted in, so that a change of kontrol.time-zone (or the first start
-- after this migration) counts them again from report_responses.
alter table report_tally add column response_days_zone varchar(64);

-- The longest waits of a long range: read from the top of these rather than by sorting the range's answers.
create index report_responses_longest_business on report_responses (business_seconds desc, id);
create index report_responses_longest_wall on report_responses (wall_seconds desc, id);
