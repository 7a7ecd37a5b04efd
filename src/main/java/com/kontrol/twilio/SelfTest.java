package com.kontrol.twilio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Posts a signed sample text to Kontrol's own public webhook URL, as Twilio would, and tells whether it came back
 * through the signature check. The sample is recognised by its MessageSid and never stored or shown in a thread; that
 * it came back is a row of its own ({@code self_test_arrivals}), since behind a load balancer another instance may be
 * the one that received it.
 */
@Component
class SelfTest {

    static final String SID_PREFIX = "SMkontrolselftest";

    /** A sample that came back is looked for at once; one whose poster never looked is cleared after this. */
    private static final Duration KEPT = Duration.ofHours(1);

    private final WebhookRejections rejections;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SelfTest(WebhookRejections rejections, JdbcClient jdbc, Clock clock) {
        this.rejections = rejections;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    static boolean isSample(String sid) {
        return sid != null && sid.startsWith(SID_PREFIX);
    }

    /** The webhook saw a signed sample. */
    void arrived(String sid) {
        var now = OffsetDateTime.now(clock);
        jdbc.sql("delete from self_test_arrivals where arrived_at < :before")
                .param("before", now.minus(KEPT))
                .update();
        // A sample posted twice (a retried request) is one arrival.
        jdbc.sql("""
                        insert into self_test_arrivals (sid, arrived_at)
                        select :sid, :now where not exists (select 1 from self_test_arrivals where sid = :sid)
                        """).param("sid", sid).param("now", now).update();
    }

    /** Whether the sample came back (to this instance or another), taking its row away. */
    private boolean cameBack(String sid) {
        return jdbc.sql("delete from self_test_arrivals where sid = :sid")
                        .param("sid", sid)
                        .update()
                == 1;
    }

    SetupCheck run(String webhookUrl, String authToken, String from, String to) {
        var bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        var sid = SID_PREFIX + HexFormat.of().formatHex(bytes).substring(0, 17);
        var params = new LinkedHashMap<String, String>();
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("From", from);
        params.put("To", to);
        params.put("Body", "Kontrol self-test");
        params.put("NumMedia", "0");
        var signature = WebhookSigner.sign(authToken, webhookUrl, params);
        var form = WebhookSigner.form(params);
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(webhookUrl))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("X-Twilio-Signature", signature)
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200 && cameBack(sid)) {
                return new SetupCheck(
                        "Self-test",
                        true,
                        "A signed sample posted to " + webhookUrl + " came back through the signature check. "
                                + "Nobody was texted, and the sample is not kept.");
            }
            if (response.statusCode() == 403) {
                var checked = rejections
                        .last()
                        .map(WebhookRejections.Rejection::checkedUrl)
                        .orElse("(unknown)");
                return new SetupCheck(
                        "Self-test",
                        false,
                        "Kontrol refused its own signed sample (403): it checked the signature against " + checked
                                + ", not " + webhookUrl
                                + ". Behind a proxy, set kontrol.public-url to the URL Twilio calls.");
            }
            return new SetupCheck(
                    "Self-test",
                    false,
                    webhookUrl + " answered " + response.statusCode()
                            + ": something other than this Kontrol answers at that address.");
        } catch (IOException e) {
            return new SetupCheck(
                    "Self-test",
                    false,
                    "Could not reach " + webhookUrl + " (" + e.getClass().getSimpleName()
                            + "): Twilio cannot reach it either. Check kontrol.public-url and that the address is public.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SetupCheck("Self-test", false, "Interrupted.");
        }
    }
}
