-- Search over texts and notes: a stored full-text vector of each text (English stems; numbers are words too) with a
-- GIN index, and the index that finds a job's texts. (Until issue 40 this was a Java migration that left the vector
-- out on H2; databases that ran that one are realigned at start, see JavaMigrationsRetired.)
create index messages_job on messages (job_id, id);
alter table messages add column search tsvector generated always as (to_tsvector('english', body)) stored;
create index messages_search on messages using gin (search);
