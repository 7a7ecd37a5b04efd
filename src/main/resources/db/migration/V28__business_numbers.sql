-- The business's own numbers that texts arrive on (a number per location or line of business), each with a label
-- for the thread and the reply box ("Main line", "Eastside"). The configured number is always one of them.
create table business_numbers (
    phone          varchar(32) primary key,
    label          varchar(60),
    first_seen_at  timestamp with time zone not null,
    labelled_by    varchar(100)
);

-- A Twilio Messaging Service to send through (MessagingServiceSid instead of From), set on the settings page;
-- kontrol.twilio.messaging-service-sid wins over it.
create table twilio_messaging_service (
    id           int primary key,
    service_sid  varchar(34) not null,
    updated_by   varchar(100),
    updated_at   timestamp with time zone not null
);
