-- The outbox is read oldest first among the queued: an index in that order lets the worker stop after one batch
-- instead of sorting every queued row on each poll.
drop index messages_outbox;
create index messages_queue on messages (status, id);
