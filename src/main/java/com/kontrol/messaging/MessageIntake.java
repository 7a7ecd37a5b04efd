package com.kontrol.messaging;

import com.kontrol.customer.Customers;
import com.kontrol.phone.PhoneNumbers;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes in texts and delivery reports from the SMS provider: routes each text to its customer's thread or the
 * unassigned inbox, stores it once however often it is retried, applies STOP and START, and announces what changed.
 */
@Service
public class MessageIntake {

    private static final Logger log = LoggerFactory.getLogger(MessageIntake.class);

    private final Messages messages;
    private final Customers customers;
    private final PhoneNumbers numbers;
    private final ApplicationEventPublisher events;

    MessageIntake(Messages messages, Customers customers, PhoneNumbers numbers, ApplicationEventPublisher events) {
        this.messages = messages;
        this.customers = customers;
        this.numbers = numbers;
        this.events = events;
    }

    /** Stores the text; empty when a text with the same SID was stored before (a provider's retry). */
    @Transactional
    public Optional<Message> receive(IncomingText text) {
        var customerId = route(text.from());
        var message = new Message(
                0,
                text.sid(),
                customerId.orElse(null),
                null,
                Direction.INBOUND,
                text.from(),
                text.to(),
                text.body(),
                DeliveryStatus.RECEIVED.code(),
                null,
                null,
                null,
                OffsetDateTime.now(ZoneOffset.UTC),
                List.copyOf(text.media()));
        var stored = messages.addIfNew(message);
        if (stored.isEmpty()) {
            log.info("Text {} was stored before; ignoring the retry", text.sid());
            return stored;
        }
        customerId.ifPresent(id -> applyOptOut(id, text));
        events.publishEvent(new MessageReceived(stored.get()));
        return stored;
    }

    /**
     * A number shared by several customers goes to the one Kontrol texted at it most recently, else to the oldest
     * customer: one rule, the same every time, and the SMS tab says so.
     */
    private Optional<Long> route(String from) {
        var phone = numbers.e164(from);
        if (phone.isEmpty()) {
            return Optional.empty(); // a short code or an alphanumeric sender: the inbox
        }
        var ids = customers.idsWithPhone(phone.get().e164());
        if (ids.size() <= 1) {
            return ids.stream().findFirst();
        }
        return messages.lastTexted(phone.get().e164(), ids).or(() -> Optional.of(ids.get(0)));
    }

    private void applyOptOut(long customerId, IncomingText text) {
        OptOutKeywords.of(text.body(), text.optOutType()).ifPresent(verdict -> {
            if (verdict == OptOutKeywords.Verdict.OPT_OUT && customers.optOut(customerId)) {
                log.info(
                        "Customer {} opted out of texts by replying \"{}\"",
                        customerId,
                        text.body().strip());
                events.publishEvent(new CustomerOptedOut(
                        customerId, true, "replied " + text.body().strip()));
            } else if (verdict == OptOutKeywords.Verdict.OPT_IN && customers.optIn(customerId)) {
                log.info("Customer {} opted back in to texts", customerId);
                events.publishEvent(new CustomerOptedOut(
                        customerId, false, "replied " + text.body().strip()));
            }
        });
    }

    /**
     * Applies a delivery report. A report that would move the status backwards is ignored; error 21610 (the recipient
     * replied STOP to the carrier) opts the customer out.
     */
    @Transactional
    public void statusReported(String sid, DeliveryStatus status, Integer errorCode, String errorMessage) {
        var message = messages.findBySid(sid);
        if (message.isEmpty()) {
            log.info("Status {} for unknown message {}: ignored", status.code(), sid);
            return;
        }
        if (!messages.advanceStatus(sid, status, errorCode, errorMessage)) {
            log.debug(
                    "Status {} for {} arrived after {}: ignored",
                    status.code(),
                    sid,
                    message.get().status());
            return;
        }
        var customerId = message.get().customerId();
        if (errorCode != null && errorCode == 21610 && customerId != null && customers.optOut(customerId)) {
            events.publishEvent(new CustomerOptedOut(customerId, true, "the carrier reports an opt-out (21610)"));
        }
        events.publishEvent(new MessageStatusChanged(messages.findBySid(sid).orElseThrow()));
    }
}
