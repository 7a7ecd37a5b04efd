/**
 * The Twilio adapter, and the only package that talks to Twilio: the integration settings, and (later) the webhooks and
 * the REST client. Depends on messaging, never the reverse.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Twilio")
package com.kontrol.twilio;
