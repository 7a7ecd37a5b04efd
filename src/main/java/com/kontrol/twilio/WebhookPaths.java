package com.kontrol.twilio;

/** Where Twilio posts to Kontrol (CONTRACT.md): the number's "A message comes in" URL and each text's StatusCallback. */
public final class WebhookPaths {

    public static final String INBOUND = "/api/webhooks/twilio/inbound";
    public static final String STATUS = "/api/webhooks/twilio/status";

    private WebhookPaths() {}
}
