-- Transcribing a voicemail is paid and works in American English only: a setting, on by default.
alter table call_settings add column transcribe boolean not null default true;
