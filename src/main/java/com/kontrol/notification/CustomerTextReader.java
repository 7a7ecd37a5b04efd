package com.kontrol.notification;

import com.kontrol.hours.AfterHoursReply;
import com.kontrol.hours.OnCallPager;
import com.kontrol.job.ApprovalRequest;
import com.kontrol.messaging.CarrierKeywords;
import com.kontrol.messaging.CarrierKeywords.Keyword;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.visit.Visit;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The one reader of a text that reaches Kontrol: it reads each text once and gives it exactly one meaning, in the order
 * of {@link Meaning}, then hands it to the one part that acts on that meaning. The parts never look at each other's
 * rules: a new kind of automatic answer is one more step here, in its place in the order.
 */
@Component
class CustomerTextReader {

    /** What a text means, in the order it is decided: the first that holds wins. */
    enum Meaning {
        /** STOP, START or their families (the intake applied it; nothing more may follow), or an opt-in's YES. */
        CARRIER_KEYWORD,
        /** HELP or INFO: who is texting and how to stop. */
        HELP,
        /** The line's word ("1") after the after-hours reply offered the emergency line in this closed period. */
        EMERGENCY,
        /** YES, NO, OK or a number, answering the approval request Kontrol texted to this number. */
        APPROVAL_ANSWER,
        /** C, R, YES or a number, answering the visit reminder Kontrol texted to this number. */
        VISIT_ANSWER,
        /** Any other text from a customer while the office is closed. */
        AFTER_HOURS,
        /** An ordinary text: it waits in Needs reply for a person. */
        NOTHING
    }

    /** What the reader may need to know of a text beyond its words, each looked up only when the order gets to it. */
    interface Facts {
        /** The intake changed the number's consent with this text (STOP, or START/YES from an opted-out number). */
        boolean consentChanged();

        boolean emergencyRaised();

        boolean approvalAsked();

        boolean visitAsked();

        boolean officeClosed();
    }

    /**
     * The meaning of a text with these words; {@code providerAnswered}: the provider matched one of its opt-out
     * keywords (Twilio's Advanced Opt-Out, which may have words of its own) and answered it.
     */
    static Meaning meaning(String body, boolean providerAnswered, Facts facts) {
        var keyword = CarrierKeywords.of(body, null);
        if (providerAnswered) {
            return keyword.filter(k -> k == Keyword.HELP).isPresent() ? Meaning.HELP : Meaning.CARRIER_KEYWORD;
        }
        if (facts.consentChanged()
                || keyword.filter(k -> k == Keyword.STOP).isPresent()
                || (keyword.filter(k -> k == Keyword.START).isPresent()
                        && ApprovalReplies.read(body).isEmpty()
                        && VisitReplies.read(body).isEmpty())) {
            return Meaning.CARRIER_KEYWORD;
        }
        if (keyword.filter(k -> k == Keyword.HELP).isPresent()) {
            return Meaning.HELP;
        }
        if (facts.emergencyRaised()) {
            return Meaning.EMERGENCY;
        }
        if (ApprovalReplies.read(body).isPresent() && facts.approvalAsked()) {
            return Meaning.APPROVAL_ANSWER;
        }
        if (VisitReplies.read(body).isPresent() && facts.visitAsked()) {
            return Meaning.VISIT_ANSWER;
        }
        if (facts.officeClosed()) {
            return Meaning.AFTER_HOURS;
        }
        return Meaning.NOTHING;
    }

    private final HelpReply help;
    private final OnCallPager pager;
    private final ApprovalReplies approvals;
    private final VisitReplies visits;
    private final AfterHoursReply afterHours;

    CustomerTextReader(
            HelpReply help,
            OnCallPager pager,
            ApprovalReplies approvals,
            VisitReplies visits,
            AfterHoursReply afterHours) {
        this.help = help;
        this.pager = pager;
        this.approvals = approvals;
        this.visits = visits;
        this.afterHours = afterHours;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void received(MessageReceived event) {
        var m = event.message();
        if (m.direction() != Direction.INBOUND) {
            return;
        }
        var facts = new Lookups(event, m);
        switch (meaning(m.body(), event.providerAnswered(), facts)) {
            case HELP -> help.answer(m, event.providerAnswered());
            case EMERGENCY -> pager.raise(m, facts.emergency.orElseThrow());
            case APPROVAL_ANSWER ->
                approvals.answer(m, ApprovalReplies.read(m.body()).orElseThrow(), facts.approvalsAsked);
            case VISIT_ANSWER -> visits.answer(m, VisitReplies.read(m.body()).orElseThrow(), facts.visitsAsked);
            case AFTER_HOURS -> afterHours.reply(m, facts.closedSince.orElseThrow());
            case CARRIER_KEYWORD, NOTHING -> {
                // the intake applied the keyword; an ordinary text waits for a person
            }
        }
    }

    /** The facts of one text, looked up in the database (or the caches) at most once each, and only when asked. */
    private final class Lookups implements Facts {

        private final MessageReceived event;
        private final Message m;
        private Optional<OffsetDateTime> emergency;
        private Optional<OffsetDateTime> closedSince;
        // What was asked of the number, kept for the answer: looked up once.
        private List<ApprovalRequest> approvalsAsked;
        private List<Visit> visitsAsked;

        Lookups(MessageReceived event, Message m) {
            this.event = event;
            this.m = m;
        }

        @Override
        public boolean consentChanged() {
            return event.consentChanged();
        }

        @Override
        public boolean emergencyRaised() {
            emergency = pager.emergencyRaisedBy(m);
            return emergency.isPresent();
        }

        @Override
        public boolean approvalAsked() {
            approvalsAsked = approvals.asked(m);
            return !approvalsAsked.isEmpty();
        }

        @Override
        public boolean visitAsked() {
            visitsAsked = visits.asked(m);
            return !visitsAsked.isEmpty();
        }

        @Override
        public boolean officeClosed() {
            closedSince = afterHours.closedPeriodOf(m);
            return closedSince.isPresent();
        }
    }
}
