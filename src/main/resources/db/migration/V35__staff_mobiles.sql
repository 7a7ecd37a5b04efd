-- A staff member's mobile counts as a staff phone (its texts are commands, never a customer's) only once it is verified:
-- by the code Kontrol texts to it when a person sets it on their own profile, or on an admin's word when an admin sets
-- it for someone. A mobile stored before this stays a staff phone unless a customer has the same number or another
-- account has it too: those are unverified (Settings › Team flags them), so that the customer's texts reach the thread.
alter table users add column mobile_verified boolean not null default false;
update users set mobile_verified = true
where mobile is not null
  and not exists (select 1 from customer_phones p where p.phone = users.mobile)
  and not exists (select 1 from users o where o.mobile = users.mobile and o.id <> users.id);

-- The code texted to a mobile set on one's own profile: only its hash is kept; 10 minutes and 5 tries.
create table mobile_codes (
    user_id     bigint primary key references users (id) on delete cascade,
    mobile      varchar(32) not null,
    code_hash   varchar(64) not null,
    sent_at     timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    tries       integer not null default 0
);
