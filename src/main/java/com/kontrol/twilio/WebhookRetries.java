package com.kontrol.twilio;

/**
 * How Twilio is asked to try Kontrol again rather than give up on a text: by default it retries a webhook only when it
 * cannot connect, and after a 5xx or a timeout records error 11200 and never delivers that text again. Kontrol's
 * webhook URLs carry connection overrides in their fragment (Twilio's "Webhooks connection overrides", on number and
 * Messaging Service URLs; not part of the signed URL): connect within 3 s, an answer within 8 s, up to two retries on
 * a failed connection, a timeout or a 5xx, all within Twilio's 15 s. The Fallback URL, tried when those fail, is
 * Kontrol's too. A retry may repeat a text Kontrol already has: the intake stores each MessageSid once.
 */
final class WebhookRetries {

    static final String OVERRIDES = "#ct=3000&rt=8000&tt=15000&rc=2&rp=ct,rt,5xx";

    private WebhookRetries() {}

    /** {@code url} with Kontrol's connection overrides. */
    static String withRetries(String url) {
        return url + OVERRIDES;
    }

    /** {@code url} as it is requested and signed: without its fragment (the overrides, if any). */
    static String requested(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    /** Whether {@code url}'s overrides ask Twilio to retry after a 5xx (what an unreachable database answers). */
    static boolean asksForRetries(String url) {
        int hash = url.indexOf('#');
        if (hash < 0) {
            return false;
        }
        for (var pair : url.substring(hash + 1).split("&")) {
            if (pair.startsWith("rp=")) {
                var policy = pair.substring(3);
                return policy.contains("5xx") || policy.contains("all");
            }
        }
        return false;
    }
}
