package com.kontrol.twilio.sandbox;

import com.kontrol.twilio.WebhookSigner;
import com.kontrol.web.PublicUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Plays Twilio for the sandbox: posts webhook calls to this very server over HTTP, signed with the sandbox token the
 * way Twilio signs them, so they take the production path through signature check, routing and storage.
 */
@Component
class LoopbackWebhooks {

    private static final Logger log = LoggerFactory.getLogger(LoopbackWebhooks.class);

    private final Sandbox sandbox;
    private final PublicUrl publicUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile int port = -1;

    LoopbackWebhooks(Sandbox sandbox, PublicUrl publicUrl) {
        this.sandbox = sandbox;
        this.publicUrl = publicUrl;
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    /** Posts a signed webhook call; the HTTP status, or -1 when the server cannot be reached. */
    int post(String path, Map<String, String> params) {
        var answer = answer(path, params);
        return answer == null ? -1 : answer.statusCode();
    }

    /** The same, with what Kontrol answered (TwiML, for a call); empty when the server cannot be reached. */
    String postForAnswer(String path, Map<String, String> params) {
        var answer = answer(path, params);
        return answer == null ? "" : answer.body();
    }

    private HttpResponse<String> answer(String path, Map<String, String> params) {
        if (port < 0) {
            log.debug("No web server to post {} to", path);
            return null;
        }
        var target = "http://127.0.0.1:" + port + path; // a path may carry a query (the <Dial action>'s step)
        // Kontrol checks signatures against its public URL (on sandbox SMS, the local address), else the URL called.
        var signed = publicUrl.base().map(b -> b + path).orElse(target);
        var form = WebhookSigner.form(params);
        var request = HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", WebhookSigner.sign(sandbox.token(), signed, params))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            log.warn("Sandbox could not post {}: {}", path, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
