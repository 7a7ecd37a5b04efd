-- What the webhook saw that the settings page shows, kept in the database so that every instance behind a load
-- balancer shows it, whichever instance Twilio's call (or the self-test's sample) reached.

-- Signed self-test samples that came back; the instance that posted one takes its row away again.
create table self_test_arrivals (
    sid         varchar(64) primary key,
    arrived_at  timestamp with time zone not null
);

-- The latest refused webhook call (one row), with the URL the signature was checked against: never the token.
create table webhook_rejections (
    id           int primary key,
    refused_at   timestamp with time zone,
    reason       varchar(32),
    path         varchar(200),
    checked_url  varchar(2000)
);
insert into webhook_rejections (id) values (1);
