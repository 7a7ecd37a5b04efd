-- Every index on messages is one more entry written with every text, and an incoming text wrote twelve. Indexes
-- that serve only a few of the rows now hold only those rows, and the outbox's two old ones go: since V21 the worker
-- reads its queue through messages_outbox_waiting (bench/README.md, "Issue 39").
drop index messages_queue;              -- (status, id)
drop index messages_queue_by_priority;  -- (status, priority, id)

-- Only scheduled texts are looked up by when they are due (through messages_queue until now).
create index messages_scheduled on messages (next_attempt_at, id) where status = 'scheduled';

-- The retention's second pass: redacted texts whose copy Twilio may still keep, in id order.
drop index messages_provider_copies;    -- (provider_deleted_at, redacted_after_days)
create index messages_provider_copies on messages (id)
    where provider_deleted_at is null and redacted_after_days is not null;

-- The unassigned inbox: texts of numbers that are no customer's.
drop index messages_unassigned;         -- (customer_id, from_address, id)
create index messages_unassigned on messages (from_address, id) where customer_id is null;

-- A job's texts; most texts belong to none.
drop index messages_job;                -- (job_id, id)
create index messages_job on messages (job_id, id) where job_id is not null;
