package com.kontrol.twilio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Posts a signed sample text to Kontrol's own public webhook URL, as Twilio would, and tells whether it came back
 * through the signature check. The sample is recognised by its MessageSid and never stored or shown in a thread.
 */
@Component
class SelfTest {

    static final String SID_PREFIX = "SMkontrolselftest";

    private final Set<String> arrived = ConcurrentHashMap.newKeySet();
    private final WebhookRejections rejections;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SelfTest(WebhookRejections rejections) {
        this.rejections = rejections;
    }

    static boolean isSample(String sid) {
        return sid != null && sid.startsWith(SID_PREFIX);
    }

    /** The webhook saw a signed sample. */
    void arrived(String sid) {
        arrived.add(sid);
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
            if (response.statusCode() == 200 && arrived.remove(sid)) {
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
