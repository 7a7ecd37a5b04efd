-- The outbox: an outbound message is queued until Twilio accepts it (then it has a SID).
alter table messages add column status_callback varchar(500);
alter table messages add column send_attempts integer not null default 0;
alter table messages add column next_attempt_at timestamp with time zone;
-- Set while a send is in flight; a value left behind by a crash means "find out whether Twilio got it".
alter table messages add column sending_since timestamp with time zone;
alter table messages add column check_before_resend boolean not null default false;
create index messages_outbox on messages (status, next_attempt_at);

-- Unread texts: inbound messages of a customer with an id above this one.
alter table customers add column sms_read_up_to bigint not null default 0;
