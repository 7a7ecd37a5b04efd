package com.kontrol.messaging.inbound;

import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.CarrierKeywords;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.StaffTexted;
import com.kontrol.messaging.StaffTexts;
import com.kontrol.messaging.TextLog;
import com.kontrol.messaging.TextMeters;
import com.kontrol.messaging.TextsReceived;
import com.kontrol.messaging.consent.ConsentReviews;
import com.kontrol.messaging.consent.RevocationPhrases;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.security.StaffDirectory;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
    private final InboundTexts texts;
    private final PhoneNumbers numbers;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final GroupCommit groupCommit;
    private final NumberConsent numberConsent;
    private final TextMeters meters;
    private final ConsentReviews consentReviews;
    private final BusinessNumbers businessNumbers;
    private final StaffDirectory staff;
    private final StaffTexts staffTexts;
    private final DevPhoneTexts devPhone;

    private final Clock clock;

    MessageIntake(
            Messages messages,
            InboundTexts texts,
            PhoneNumbers numbers,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            GroupCommit groupCommit,
            NumberConsent numberConsent,
            TextMeters meters,
            ConsentReviews consentReviews,
            BusinessNumbers businessNumbers,
            StaffDirectory staff,
            StaffTexts staffTexts,
            DevPhoneTexts devPhone,
            Clock clock) {
        this.devPhone = devPhone;
        this.staff = staff;
        this.staffTexts = staffTexts;
        this.businessNumbers = businessNumbers;
        this.consentReviews = consentReviews;
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
        var typedBy = devPhone.take(text.sid()).orElse(null);
        var route = numbers.e164(text.from()).map(p -> p.e164()).orElse(null);
        var staffMembers = staff.withMobile(route);
        if (!staffMembers.isEmpty()) {
            if (Boolean.TRUE.equals(transactions.execute(status -> fromStaff(text, route, staffMembers)))) {
                meters.received();
            }
            return Optional.empty();
        }
        // Decided here, on the webhook's thread, rather than in the group's transaction: the words are read in
        // parallel across requests, and the one thread that stores every group does less per text.
        var keyword = CarrierKeywords.consentKeyword(text.body(), text.optOutType());
        var routed = new Routed(
                text, route, keyword, keyword.isEmpty() && RevocationPhrases.plausible(text.body()), typedBy);
        Optional<Message> stored;
        if (text.media().isEmpty() && keyword.isEmpty() && typedBy == null) {
            stored = groupCommit.submit(routed, storeGroup).map(MessageReceived::message);
        } else {
            var results = transactions.execute(status -> storeAll(List.of(routed)));
            announce(results);
            stored = results.get(0).map(MessageReceived::message);
        }
        if (stored.isPresent()) {
            meters.received(); // committed: a retry of the same text finds it stored and is not counted
        }
        return stored;
    }

    /**
     * A text with its route (the sender's E.164 number, or null for a short code or a name), its STOP or START if it
     * is one, whether its words may take back consent, and who typed it on the Dev Phone (null: whoever has the number).
     */
    private record Routed(
            IncomingText text,
            String route,
            Optional<CarrierKeywords.Keyword> keyword,
            boolean mayRevokeConsent,
            String typedBy) {}

    /** One instance, so that the group commit sees the texts of a group share their work. */
    private final GroupCommit.Work<Routed, Optional<MessageReceived>> storeGroup = new GroupCommit.Work<>() {
        @Override
        public List<Optional<MessageReceived>> store(List<Routed> group) {
            return storeAll(group);
        }

        @Override
        public void committed(List<Optional<MessageReceived>> results) {
            announce(results);
        }
    };

    /**
     * Stores texts that arrived together (their rows in one round trip to the database), applies each one's
     * consequences in order and announces the group to what keeps step in the same transaction ({@link
     * TextsReceived}); for each, what to announce once committed, or empty when it was stored before.
     */
    private List<Optional<MessageReceived>> storeAll(List<Routed> group) {
        var now = OffsetDateTime.now(clock);
        var received = new ArrayList<Message>(group.size());
        var routes = new ArrayList<String>(group.size());
        for (var r : group) {
            var t = r.text();
            var text = Message.received(t.sid(), t.from(), t.to(), t.body(), now, t.media());
            received.add(r.typedBy() == null ? text : text.typedOnDevPhoneBy(r.typedBy()));
            routes.add(r.route());
        }
        var stored = texts.receiveAll(received, routes);
        var out = new ArrayList<Optional<MessageReceived>>(group.size());
        var news = new ArrayList<MessageReceived>(group.size());
        for (int i = 0; i < group.size(); i++) {
            try (var sid = TextLog.sid(group.get(i).text().sid())) { // on the group-commit thread too
                var event = stored(group.get(i), stored.get(i));
                event.ifPresent(news::add);
                out.add(event);
            }
        }
        if (!news.isEmpty()) {
            events.publishEvent(new TextsReceived(List.copyOf(news)));
        }
        return out;
    }

    /** After the commit, each stored text on its own ({@link MessageReceived}), outside any transaction. */
    private void announce(List<Optional<MessageReceived>> results) {
        for (var result : results) {
            if (result.isEmpty()) {
                continue;
            }
            var event = result.get();
            try (var sid = TextLog.sid(event.message().sid());
                    var id = TextLog.id(event.message().id())) {
                events.publishEvent(event);
            } catch (RuntimeException e) {
                // Stored all the same, and the group's other texts are still announced; nothing to retry from here.
                log.error(
                        "What follows text {} failed after it was stored",
                        event.message().id(),
                        e);
            }
        }
    }

    /**
     * A text from the phone of someone on the team: a command for Kontrol, kept apart from every customer's thread and
     * from the unassigned inbox. STOP and START still decide whether Kontrol may text the number; a keyword the
     * provider answered itself (STOP, START, HELP) is not a command.
     */
    private boolean fromStaff(IncomingText text, String phone, List<String> usernames) {
        try (var sid = TextLog.sid(text.sid())) {
            var now = OffsetDateTime.now(clock);
            var id = staffTexts.store(text.sid(), phone, text.to(), text.body(), now);
            if (id.isEmpty()) {
                log.info("Staff text {} was stored before; ignoring the retry", text.sid());
                return false;
            }
            businessNumbers.arrivedOn(text.to());
            var keyword = CarrierKeywords.consentKeyword(text.body(), text.optOutType());
            if (keyword.isPresent() || text.optOutType() != null) {
                applyOptOut(phone, text, keyword, AuditLog.CUSTOMER);
                return true;
            }
            log.info("Text {} came from a staff phone: stored as staff text {}", text.sid(), id.get());
            events.publishEvent(new StaffTexted(id.get(), usernames, phone, text.to(), text.body(), now));
            return true;
        }
    }

    /**
     * What follows from a text just stored ({@code stored}; empty: it was stored before): STOP and START applied, a
     * consent review opened; the event to announce it, unless it was stored before.
     */
    private Optional<MessageReceived> stored(Routed routed, Optional<Message> stored) {
        var text = routed.text();
        var route = routed.route();
        if (stored.isEmpty()) {
            log.info("Text {} was stored before; ignoring the retry", text.sid());
            return Optional.empty();
        }
        businessNumbers.arrivedOn(text.to()); // a second line of the business shows up as soon as it is texted
        try (var id = TextLog.id(stored.get().id())) {
            var consentChanged =
                    applyOptOut(route, text, routed.keyword(), stored.get().actor());
            if (routed.mayRevokeConsent()) { // words that may take back consent all the same: for staff to decide
                consentReviews.open(
                        stored.get().id(),
                        stored.get().customerId(),
                        stored.get().createdAt());
            }
            return Optional.of(new MessageReceived(stored.get(), consentChanged, text.optOutType() != null));
        }
    }

    /** STOP or START: the number's consent, whoever has it now or later; true when it changed. */
    private boolean applyOptOut(
            String phone, IncomingText text, Optional<CarrierKeywords.Keyword> verdict, String actor) {
        if (verdict.isEmpty() || phone == null) {
            return false;
        }
        var words = "replied " + text.body().strip();
        var changed = verdict.get() == CarrierKeywords.Keyword.STOP
                ? numberConsent.optOut(phone, ConsentSource.TEXTED, words, actor)
                : verdict.get() == CarrierKeywords.Keyword.START
                        && numberConsent.optIn(phone, ConsentSource.TEXTED, words, actor);
        if (changed) {
            log.info(
                    "{} {} texts",
                    phone,
                    verdict.get() == CarrierKeywords.Keyword.STOP ? "opted out of" : "opted back in to");
        }
        return changed;
    }

    /**
     * Applies a delivery report. A report that would move the status backwards is ignored; a report that the recipient opted
     * out with the carrier opts the customer out.
     */
    @Transactional
    public void statusReported(DeliveryReport report) {
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
