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
import org.springframework.transaction.support.TransactionTemplate;

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
    private final TransactionTemplate transactions;
    private final GroupCommit groupCommit;

    MessageIntake(
            Messages messages,
            Customers customers,
            PhoneNumbers numbers,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            GroupCommit groupCommit) {
        this.transactions = transactions;
        this.groupCommit = groupCommit;
        this.messages = messages;
        this.customers = customers;
        this.numbers = numbers;
        this.events = events;
    }

    /**
     * Stores the text; empty when a text with the same SID was stored before (a provider's retry). Returns once the text
     * is committed. Plain texts arriving together share a commit ({@link GroupCommit}); a text with media or an opt-out
     * keyword is stored with its consequences in a transaction of its own.
     */
    public Optional<Message> receive(IncomingText text) {
        if (text.media().isEmpty()
                && OptOutKeywords.of(text.body(), text.optOutType()).isEmpty()) {
            return groupCommit.submit(text, this::store);
        }
        return transactions.execute(status -> store(text));
    }

    private Optional<Message> store(IncomingText text) {
        var route = numbers.e164(text.from()).map(p -> p.e164()).orElse(null);
        var stored = messages.receive(
                new Message(
                        0,
                        text.sid(),
                        null,
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
                        List.copyOf(text.media())),
                route);
        if (stored.isEmpty()) {
            log.info("Text {} was stored before; ignoring the retry", text.sid());
            return stored;
        }
        var consentChanged =
                stored.get().customerId() != null && applyOptOut(stored.get().customerId(), text);
        events.publishEvent(new MessageReceived(stored.get(), consentChanged));
        return stored;
    }

    /** Applies STOP or START; true when the customer's consent changed. */
    private boolean applyOptOut(long customerId, IncomingText text) {
        var verdict = OptOutKeywords.of(text.body(), text.optOutType());
        if (verdict.isEmpty()) {
            return false;
        }
        {
            if (verdict.get() == OptOutKeywords.Verdict.OPT_OUT && customers.optOut(customerId)) {
                log.info(
                        "Customer {} opted out of texts by replying \"{}\"",
                        customerId,
                        text.body().strip());
                events.publishEvent(new CustomerOptedOut(
                        customerId, true, "replied " + text.body().strip()));
                return true;
            } else if (verdict.get() == OptOutKeywords.Verdict.OPT_IN && customers.optIn(customerId)) {
                log.info("Customer {} opted back in to texts", customerId);
                events.publishEvent(new CustomerOptedOut(
                        customerId, false, "replied " + text.body().strip()));
                return true;
            }
        }
        return false;
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
        events.publishEvent(
                new MessageStatusChanged(message.get().id(), message.get().customerId(), status.code()));
    }
}
