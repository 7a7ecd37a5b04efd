-- Customers › Import with several instances: a run is held by the instance that runs it, which renews its lease every
-- 30 s; a run whose lease ran out (its instance stopped) is marked failed by whichever instance sees it first. Before,
-- every start marked every running import failed, also one another instance was still writing.
alter table customer_imports add column lease_until timestamp with time zone;
