-- Fair sending: a reply a person typed goes before automatic texts waiting on the same number (0 before 1). The
-- worker reads the queue in (priority, id) order, which this index serves as it is.
alter table messages add column priority smallint not null default 0;
update messages set priority = 1 where sent_by = 'notification';
create index messages_queue_by_priority on messages (status, priority, id);
