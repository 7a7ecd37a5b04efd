/**
 * The Twilio adapter, and the only package that speaks Twilio: the signed webhooks (texts in, delivery reports),
 * {@code TwilioSmsGateway} (the SDK, for sending and lookups), MMS media fetched from Twilio's hosts, and the settings
 * page with its setup assistant and self-test. Twilio's words (SIDs, error codes such as 21610) are turned into the
 * messaging module's here. Depends on messaging, never the reverse; {@code twilio.sandbox} is sandbox SMS and the Dev
 * Phone.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Twilio")
package com.kontrol.twilio;
