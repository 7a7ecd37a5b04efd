-- Customers in and out (issue 36): what an integration (Jobber, QuickBooks, …) needs to keep its customer list and
-- Kontrol's in step.

-- Its own id for the customer, unique where given; archived: kept for its texts, out of lists and sync's "active".
alter table customers add column external_ref varchar(100);
alter table customers add column archived_at timestamp with time zone;
create unique index customers_external_ref on customers (external_ref) where external_ref is not null;

-- Each change of a customer (its row or its numbers) stamps the row with the changing transaction's id and a new
-- version. The version is the ETag (If-Match keeps two integrations from overwriting each other); the transaction id
-- orders the incremental sync: a reader lists only rows whose transaction is older than every transaction still
-- running (pg_snapshot_xmin), so a change that commits late is never passed over by a cursor that moved on.
alter table customers add column version bigint not null default 1;
alter table customers add column change_xid xid8 not null default pg_current_xact_id();
create index customers_changes on customers (change_xid, id);

create function customers_stamp() returns trigger language plpgsql as $$
begin
    new.version := old.version + 1;
    new.change_xid := pg_current_xact_id();
    return new;
end $$;
create trigger customers_stamp before update on customers for each row execute function customers_stamp();

-- A number added or removed is a change of its customer (the update above stamps it).
create function customer_phones_touch() returns trigger language plpgsql as $$
begin
    update customers set updated_at = now()
    where id = case when tg_op = 'DELETE' then old.customer_id else new.customer_id end;
    return null;
end $$;
create trigger customer_phones_touch after insert or delete on customer_phones
    for each row execute function customer_phones_touch();
