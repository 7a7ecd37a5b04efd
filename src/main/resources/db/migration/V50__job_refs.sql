-- Jobs in step with an integration (issue 36): its own id for the job, unique where given.
alter table jobs add column external_ref varchar(100);
create unique index jobs_external_ref on jobs (external_ref) where external_ref is not null;
