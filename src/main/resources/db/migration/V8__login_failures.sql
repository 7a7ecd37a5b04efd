-- Failed logins, shared by every instance on the database. One row per (account, client address), per account from
-- anywhere (client = ''), and per client address across all usernames (username = ''): only existing accounts get rows
-- of their own, so typing random usernames adds nothing but the one row of the address.
create table login_failures (
    username     varchar(100) not null,
    client       varchar(64)  not null,
    failures     integer      not null,
    window_start timestamp with time zone not null,
    locked_until timestamp with time zone,
    primary key (username, client)
);
