-- Each person's order of Needs reply: longest waiting first (no row), or newest first. By username, as
-- conversation_reads is.
create table inbox_preferences (
    username                 varchar(100) primary key,
    needs_reply_newest_first boolean      not null default false
);
