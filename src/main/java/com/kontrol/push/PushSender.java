package com.kontrol.push;

import com.interaso.webpush.WebPush;
import com.kontrol.web.PublicUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Posts one push to a device's push service (RFC 8030): the payload encrypted for that device ({@code aes128gcm}, RFC
 * 8291) and the request signed with the server's VAPID key (RFC 8292), by the {@code com.interaso:webpush} library;
 * the request itself goes by the JDK's client, so that what the service answers is read here.
 */
@Component
class PushSender {

    private static final Logger log = LoggerFactory.getLogger(PushSender.class);
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What became of a push: taken; the device is gone; try again (after at least {@code after}); refused for good. */
    enum Kind {
        DELIVERED,
        GONE,
        RETRY,
        REFUSED
    }

    record Outcome(Kind kind, Duration after, String why) {
        static Outcome of(Kind kind, String why) {
            return new Outcome(kind, Duration.ZERO, why);
        }
    }

    /** A push to post: where, the device's keys, the payload, and the headers' topic, urgency and time to live. */
    record Push(String endpoint, String p256dh, String auth, byte[] payload, String topic, String urgency, int ttl) {}

    private final PushKeys keys;
    private final PushEndpoints endpoints;
    private final PushSettings settings;
    private final PublicUrl publicUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    PushSender(PushKeys keys, PushEndpoints endpoints, PushSettings settings, PublicUrl publicUrl) {
        this.keys = keys;
        this.endpoints = endpoints;
        this.settings = settings;
        this.publicUrl = publicUrl;
    }

    /**
     * Who the push services may write to about this server: {@code kontrol.push.subject}, else the public URL when it
     * is HTTPS, else a placeholder (some services refuse it: set the subject).
     */
    String subject() {
        if (!settings.subject().isBlank()) {
            return settings.subject();
        }
        return publicUrl.base().filter(url -> url.startsWith("https://")).orElse("mailto:kontrol@localhost");
    }

    Outcome send(Push push) {
        var problem = endpoints.problemWith(push.endpoint());
        if (problem.isPresent()) {
            return Outcome.of(Kind.GONE, problem.get());
        }
        var webPush = new WebPush(subject(), keys.pair().keys());
        var urgency = "high".equals(push.urgency()) ? WebPush.Urgency.High : WebPush.Urgency.Normal;
        var keysOfDevice = DeviceKeys.read(push.p256dh(), push.auth());
        if (keysOfDevice.keys() == null) {
            return Outcome.of(Kind.GONE, keysOfDevice.problem());
        }
        var body = webPush.getBody(
                push.payload(),
                keysOfDevice.keys().p256dh(),
                keysOfDevice.keys().auth());
        var request = HttpRequest.newBuilder(URI.create(push.endpoint()))
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webPush.getHeaders(push.endpoint(), push.ttl(), push.topic(), urgency).forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Outcome.of(Kind.RETRY, "The push service did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.of(Kind.RETRY, "Interrupted");
        }
        return outcome(
                response.statusCode(),
                response.headers().firstValue("Retry-After").orElse(null),
                response.body());
    }

    static Outcome outcome(int status, String retryAfter, String body) {
        var said = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + cut(body.strip()));
        if (status >= 200 && status < 300) {
            return Outcome.of(Kind.DELIVERED, null);
        }
        if (status == 404 || status == 410) {
            return Outcome.of(Kind.GONE, said);
        }
        if (status == 429 || status >= 500) {
            return new Outcome(Kind.RETRY, retryAfter(retryAfter), said);
        }
        if (status == 401 || status == 403) {
            log.warn("A push service refused Kontrol's VAPID signature ({}): is kontrol.push.subject right?", said);
        }
        return Outcome.of(Kind.REFUSED, said);
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110); zero when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                var wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return Duration.ZERO;
            }
        }
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
