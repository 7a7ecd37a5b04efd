package com.kontrol.integration;

import com.kontrol.job.ApprovalDecided;
import com.kontrol.messaging.ConversationAssigned;
import com.kontrol.messaging.CustomerOptedOut;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.TextsReceived;
import com.kontrol.messaging.TextsReceivedWriter;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns Kontrol's events into deliveries, in the transaction that made the event: one row per subscription that
 * wants it, posted by {@link DeliveryWorker} once that transaction commits. Each body is
 * {@code {"id", "type", "createdAt", "data"}}; {@code id} is the receiver's key for de-duplication.
 */
@Component
class WebhookRelay implements TextsReceivedWriter {

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final DeliveryWorker worker;
    private final Clock clock;

    WebhookRelay(Subscriptions subscriptions, Deliveries deliveries, DeliveryWorker worker, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    public boolean writesOnTextsReceived() {
        return !subscriptions.wanting(WebhookEvent.MESSAGE_RECEIVED).isEmpty();
    }

    /** In the transaction that stores the texts, so that a text is never stored without its deliveries queued. */
    @EventListener
    void on(TextsReceived group) {
        if (!writesOnTextsReceived()) {
            return; // the usual case, asked once for the group rather than for each text after building its payload
        }
        for (var event : group.texts()) {
            var m = event.message();
            var data = new LinkedHashMap<String, Object>();
            data.put("messageId", m.id());
            data.put("customerId", m.customerId());
            data.put("from", m.from());
            data.put("to", m.to());
            data.put("body", m.body());
            data.put("mediaCount", m.media() == null ? 0 : m.media().size());
            data.put("receivedAt", utc(m.createdAt()));
            relay(WebhookEvent.MESSAGE_RECEIVED, data);
        }
    }

    @EventListener
    void on(MessageStatusChanged event) {
        var data = new LinkedHashMap<String, Object>();
        data.put("messageId", event.messageId());
        data.put("customerId", event.customerId());
        data.put("status", event.status());
        relay(WebhookEvent.MESSAGE_STATUS, data);
    }

    @EventListener
    void on(ConversationAssigned event) {
        var data = new LinkedHashMap<String, Object>();
        data.put("customerId", event.customerId());
        data.put("owner", event.owner());
        data.put("previousOwner", event.previousOwner());
        data.put("by", event.by());
        relay(WebhookEvent.CONVERSATION_ASSIGNED, data);
    }

    @EventListener
    void on(com.kontrol.customer.CustomerChanged event) {
        var data = new LinkedHashMap<String, Object>();
        data.put("customerId", event.customerId());
        data.put("externalRef", event.externalRef());
        data.put("change", event.change());
        data.put("by", event.by());
        relay(WebhookEvent.CUSTOMER_CHANGED, data);
    }

    @EventListener
    void on(CustomerOptedOut event) {
        var data = new LinkedHashMap<String, Object>();
        data.put("customerId", event.customerId());
        data.put("why", event.why());
        data.put("by", event.by());
        relay(WebhookEvent.CUSTOMER_OPTED_OUT, data);
    }

    @EventListener
    void on(ApprovalDecided event) {
        var r = event.request();
        var data = new LinkedHashMap<String, Object>();
        data.put("approvalId", r.id());
        data.put("jobId", r.jobId());
        data.put("customerId", event.customerId());
        data.put("status", r.status());
        data.put("undone", event.undone());
        data.put("decidedVia", r.decidedVia());
        data.put("decidedBy", r.decidedBy());
        data.put("decidedAt", utc(r.decidedAt()));
        relay(WebhookEvent.APPROVAL_DECIDED, data);
    }

    private void relay(WebhookEvent type, Map<String, Object> data) {
        var wanting = subscriptions.wanting(type);
        if (wanting.isEmpty()) {
            return; // the usual case: nothing to write on the path that stores texts
        }
        var now = OffsetDateTime.now(clock);
        var id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        var body = new LinkedHashMap<String, Object>();
        body.put("id", id);
        body.put("type", type.type());
        body.put("createdAt", utc(now));
        body.put("data", data);
        var payload = JsonMapper.shared().writeValueAsString(body);
        for (var subscription : wanting) {
            deliveries.queue(subscription.id(), id, type, payload, now);
        }
        worker.deliverAfterCommit();
    }

    private static String utc(OffsetDateTime at) {
        return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
}
