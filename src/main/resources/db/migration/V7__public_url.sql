-- The public URL an admin confirmed on Settings > Integrations > Twilio (kontrol.public-url, when set, wins).
-- Links in texts and status callbacks use it; it is never taken from a request.
alter table twilio_settings add column public_url varchar(500);
