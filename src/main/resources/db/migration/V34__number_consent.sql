-- Consent belongs to the phone number, as carriers keep it: a STOP from a number shared by two customers opts out both,
-- and a STOP from a number before it became a customer still holds once it is one. One row per number whose consent
-- ever changed; a number without a row may be texted. Customers, the unassigned inbox and staff mobiles find their
-- number's consent here by its E.164 value.
create table number_consent (
    phone       varchar(64)  primary key,
    opted_out   boolean      not null,
    changed_at  timestamp with time zone not null,
    -- how it last changed: 'texted' (STOP or START), 'staff' (recorded by hand), 'review' (a consent review decided
    -- it), 'carrier' (the provider refused a text: the number had opted out), 'migrated' (kept from before this table)
    source      varchar(16)  not null,
    words       varchar(400),
    changed_by  varchar(100) not null
);

-- Every opt-out kept so far moves over, none lost: each number of an opted-out customer, and each opted-out number of
-- the unassigned inbox. A number in both keeps its earliest opt-out. A customer's last consent entry in the audit log
-- says how it came about.
insert into number_consent (phone, opted_out, changed_at, source, words, changed_by)
select phone, true, min(since), 'migrated', max(words), 'kontrol'
from (
    select p.phone as phone, c.sms_opted_out_at as since,
           (select a.detail from audit_events a
            where a.customer_id = c.id and a.action = 'optout.changed'
            order by a.id desc limit 1) as words
    from customers c
    join customer_phones p on p.customer_id = c.id
    where c.sms_opted_out_at is not null
    union all
    select n.phone, n.opted_out_at, 'Opted out: replied STOP'
    from inbox_numbers n
    where n.opted_out_at is not null
) kept
group by phone;

-- One place for consent from here on: the old columns would only disagree with it.
alter table customers drop column sms_opted_out_at;
alter table customers drop column sms_opted_out_via;
alter table inbox_numbers drop column opted_out_at;
alter table inbox_numbers drop column opted_out_via;
