-- The outbox's own index: only the rows waiting to go, in the order the worker takes them. Without it, once ANALYZE
-- has seen a table where every text has a SID (as in production), the planner reads the queue through
-- messages_sid_key ("sid is null" looks like one row) and sorts, and the worker's pace halves. The partial index
-- matches the worker's query exactly and stays as small as the queue.
create index messages_outbox_waiting on messages (priority, id)
    where status = 'queued' and direction = 'outbound' and sid is null;
