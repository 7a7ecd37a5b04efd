-- The audit log reads newest first by time, with any filter: each filter's index also orders by time, so that a page
-- is a short index range however far back it starts (a day two years ago, say), never a scan of newer entries.
drop index audit_events_actor;
drop index audit_events_action;
drop index audit_events_customer;
create index audit_events_actor on audit_events (actor, at, id);
create index audit_events_action on audit_events (action, at, id);
create index audit_events_customer on audit_events (customer_id, at, id);
