package com.kontrol.messaging.inbound;

import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.CarrierKeywords;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.StaffTexted;
import com.kontrol.messaging.TextLog;
import com.kontrol.messaging.TextMeters;
import com.kontrol.messaging.consent.RevocationPhrases;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.security.StaffDirectory;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes in texts and delivery reports from the SMS provider: routes each text to its customer's thread or the
 * unassigned inbox, stores it once however often it is retried, applies its {@link Consequences} (STOP and START among
 * them), and announces what changed.
 */
@Service
public class MessageIntake {

    private static final Logger log = LoggerFactory.getLogger(MessageIntake.class);

    private final Messages messages;
    private final InboundTexts texts;
    private final PhoneNumbers numbers;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final GroupCommit groupCommit;
    private final Consequences consequences;
    private final NumberConsent numberConsent;
    private final TextMeters meters;
    private final StaffDirectory staff;
    private final DevPhoneTexts devPhone;
    private final TextGroups groups;

    private final Clock clock;

    MessageIntake(
            Messages messages,
            InboundTexts texts,
            PhoneNumbers numbers,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            GroupCommit groupCommit,
            Consequences consequences,
            NumberConsent numberConsent,
            TextMeters meters,
            StaffDirectory staff,
            DevPhoneTexts devPhone,
            TextGroups groups,
            Clock clock) {
        this.groups = groups;
        this.devPhone = devPhone;
        this.staff = staff;
        this.consequences = consequences;
        this.meters = meters;
        this.numberConsent = numberConsent;
        this.clock = clock;
        this.transactions = transactions;
        this.groupCommit = groupCommit;
        this.messages = messages;
        this.texts = texts;
        this.numbers = numbers;
        this.events = events;
    }

    /**
     * Stores the text; empty when a text with the same SID was stored before (a provider's retry), and for a text from
     * a staff member's phone, which is stored apart ({@link StaffTexted}). Returns once the text is committed and
     * announced ({@link MessageReceived}). Plain texts arriving together share a commit ({@link GroupCommit}); a text
     * with media or an opt-out keyword is stored with its consequences in a transaction of its own.
     */
    public Optional<Message> receive(IncomingText text) {
        return receive(text, OffsetDateTime.now(clock));
    }

    /**
     * Hands a plain text (no media, no STOP or START, not a staff member's, not typed on the Dev Phone) to the group
     * commit without waiting: the outage spool's replay queues many, in order, and waits for them together. Empty for
     * any other text, which {@link #receive} stores on its own.
     */
    Optional<CompletableFuture<?>> receiveLater(IncomingText text, OffsetDateTime at) {
        if (devPhone.isTyping(text.sid())) {
            return Optional.empty();
        }
        var route = routeOf(text);
        if (!staff.withMobile(route).isEmpty()) {
            return Optional.empty();
        }
        var routed = routed(text, route, null, at);
        if (!isPlain(routed)) {
            return Optional.empty();
        }
        return Optional.of(groupCommit.submitLater(routed, groups).thenAccept(stored -> {
            if (stored.isPresent()) {
                meters.received();
            }
        }));
    }

    /** The sender's E.164 number, or null for a short code or a name. */
    private String routeOf(IncomingText text) {
        return numbers.e164(text.from()).map(p -> p.e164()).orElse(null);
    }

    // Decided on the webhook's thread, rather than in the group's transaction: the words are read in parallel across
    // requests, and the one thread that stores every group does less per text.
    private static Routed routed(IncomingText text, String route, String typedBy, OffsetDateTime at) {
        var keyword = CarrierKeywords.consentKeyword(text.body(), text.optOutType());
        return new Routed(
                text, route, keyword, keyword.isEmpty() && RevocationPhrases.plausible(text.body()), typedBy, at);
    }

    /** A text the group commit stores with others; one with media, a STOP or START, or typed on the Dev Phone, not. */
    private static boolean isPlain(Routed routed) {
        return routed.text().media().isEmpty() && routed.keyword().isEmpty() && routed.typedBy() == null;
    }

    /** {@link #receive} of a text that arrived at {@code at}: now, or earlier when it waited in the outage spool. */
    Optional<Message> receive(IncomingText text, OffsetDateTime at) {
        var typedBy = devPhone.take(text.sid()).orElse(null);
        var route = routeOf(text);
        var staffMembers = staff.withMobile(route);
        if (!staffMembers.isEmpty()) {
            if (Boolean.TRUE.equals(
                    transactions.execute(status -> consequences.fromStaff(text, route, staffMembers, at)))) {
                meters.received();
            }
            return Optional.empty();
        }
        var routed = routed(text, route, typedBy, at);
        Optional<Message> stored;
        if (isPlain(routed)) {
            stored = groupCommit.submit(routed, groups).map(MessageReceived::message);
        } else {
            var results = transactions.execute(status -> groups.store(List.of(routed)));
            groups.committed(results);
            stored = results.get(0).map(MessageReceived::message);
        }
        if (stored.isPresent()) {
            meters.received(); // committed: a retry of the same text finds it stored and is not counted
        }
        return stored;
    }

    /**
     * Applies a delivery report, in a transaction of its own. A report that would move the status backwards is
     * ignored; a report that the recipient opted out with the carrier opts the customer out.
     */
    public void statusReported(DeliveryReport report) {
        // A template rather than @Transactional: a proxy around this class would cost every text's receive() a
        // reflective call.
        transactions.executeWithoutResult(status -> applyReport(report));
    }

    private void applyReport(DeliveryReport report) {
        var sid = report.sid();
        var status = report.status();
        var message = messages.findBySid(sid);
        if (message.isEmpty()) {
            log.info("Status {} for unknown message {}: ignored", status.code(), sid);
            return;
        }
        try (var id = TextLog.id(message.get().id())) {
            applyStatus(report, message.get());
        }
    }

    private void applyStatus(DeliveryReport report, Message message) {
        var sid = report.sid();
        var status = report.status();
        if (!texts.advanceStatus(sid, status, report.errorCode(), report.errorMessage())) {
            log.debug("Status {} for {} arrived after {}: ignored", status.code(), sid, message.status());
            return;
        }
        if (status == DeliveryStatus.DELIVERED) {
            meters.delivered();
        } else if (status == DeliveryStatus.FAILED || status == DeliveryStatus.UNDELIVERED) {
            meters.failed(report.errorCode());
        }
        if (report.recipientOptedOut() && numbers.e164(message.to()).isPresent()) {
            numberConsent.optOut(
                    message.to(), ConsentSource.CARRIER, "the carrier reports an opt-out", AuditLog.CARRIER);
        }
        events.publishEvent(new MessageStatusChanged(message.id(), message.customerId(), status.code()));
    }
}
