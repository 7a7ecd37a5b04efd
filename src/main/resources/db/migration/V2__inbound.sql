-- Inbound texts: routing a shared number to the customer last texted from Kontrol looks up outbound texts by recipient.
create index messages_to on messages (to_address, id);
