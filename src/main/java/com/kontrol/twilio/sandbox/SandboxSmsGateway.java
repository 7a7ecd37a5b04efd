package com.kontrol.twilio.sandbox;

import com.kontrol.messaging.SmsGateway;
import com.kontrol.twilio.WebhookPaths;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Sends texts to the Dev Phone instead of Twilio, then reports "sent" and "delivered" through the real status
 * webhook, signed, a moment apart: as Twilio would.
 */
@Component
public class SandboxSmsGateway implements SmsGateway {

    private final LoopbackWebhooks webhooks;
    private final ScheduledExecutorService callbacks = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "sandbox-callbacks");
        t.setDaemon(true);
        return t;
    });

    SandboxSmsGateway(LoopbackWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public boolean isPool(String sender) {
        return false; // the sandbox sends from its one number
    }

    @Override
    public Optional<String> senderNumber() {
        return Optional.of(Sandbox.NUMBER);
    }

    @Override
    public SendOutcome send(OutgoingText text) {
        var sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        callbacks.schedule(() -> report(text, sid, "sent"), 300, TimeUnit.MILLISECONDS);
        callbacks.schedule(() -> report(text, sid, "delivered"), 900, TimeUnit.MILLISECONDS);
        return new SendOutcome.Accepted(sid, "queued");
    }

    @Override
    public SendOutcome lookUp(OutgoingText text, OffsetDateTime since) {
        return new SendOutcome.Found(List.of()); // the sandbox never loses an answer
    }

    private void report(OutgoingText text, String sid, String status) {
        webhooks.post(
                WebhookPaths.STATUS,
                Map.of(
                        "AccountSid",
                        Sandbox.ACCOUNT_SID,
                        "MessageSid",
                        sid,
                        "SmsSid",
                        sid,
                        "MessageStatus",
                        status,
                        "SmsStatus",
                        status,
                        "From",
                        text.from(),
                        "To",
                        text.to(),
                        "ApiVersion",
                        "2010-04-01"));
    }
}
