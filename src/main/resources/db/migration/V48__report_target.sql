-- Reports (issue 34): the response-time target an owner sets on Reports (one row once saved; until then
-- kontrol.reports.target-minutes).
create table report_settings (
    id              integer primary key check (id = 1),
    target_minutes  integer not null check (target_minutes between 1 and 10080),
    updated_by      varchar(100) not null,
    updated_at      timestamp with time zone not null
);
