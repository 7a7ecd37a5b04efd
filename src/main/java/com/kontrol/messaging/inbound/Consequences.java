package com.kontrol.messaging.inbound;

import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.CarrierKeywords;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.StaffTexted;
import com.kontrol.messaging.StaffTexts;
import com.kontrol.messaging.TextLog;
import com.kontrol.messaging.consent.ConsentReviews;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What an arriving text sets off in the transaction that stores it: STOP and START decide whether Kontrol may text the
 * number, words that may take back consent open a review, the business line it came in on is noted, and a text from a
 * staff member's phone is kept apart as a command.
 */
@Component
class Consequences {

    private static final Logger log = LoggerFactory.getLogger(Consequences.class);

    private final NumberConsent numberConsent;
    private final ConsentReviews consentReviews;
    private final BusinessNumbers businessNumbers;
    private final StaffTexts staffTexts;
    private final ApplicationEventPublisher events;

    Consequences(
            NumberConsent numberConsent,
            ConsentReviews consentReviews,
            BusinessNumbers businessNumbers,
            StaffTexts staffTexts,
            ApplicationEventPublisher events) {
        this.numberConsent = numberConsent;
        this.consentReviews = consentReviews;
        this.businessNumbers = businessNumbers;
        this.staffTexts = staffTexts;
        this.events = events;
    }

    /**
     * What follows from a text just stored: STOP and START applied, a consent review opened; the event to announce it
     * once committed.
     */
    MessageReceived of(Routed routed, Message stored) {
        var text = routed.text();
        businessNumbers.arrivedOn(text.to()); // a second line of the business shows up as soon as it is texted
        try (var id = TextLog.id(stored.id())) {
            var consentChanged = applyOptOut(routed.route(), text, routed.keyword(), stored.actor());
            if (routed.mayRevokeConsent()) { // words that may take back consent all the same: for staff to decide
                consentReviews.open(stored.id(), stored.customerId(), stored.createdAt());
            }
            return new MessageReceived(stored, consentChanged, text.optOutType() != null);
        }
    }

    /**
     * A text from the phone of someone on the team: a command for Kontrol, kept apart from every customer's thread and
     * from the unassigned inbox. STOP and START still decide whether Kontrol may text the number; a keyword the
     * provider answered itself (STOP, START, HELP) is not a command.
     */
    boolean fromStaff(IncomingText text, String phone, List<String> usernames, OffsetDateTime now) {
        try (var sid = TextLog.sid(text.sid())) {
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
}
