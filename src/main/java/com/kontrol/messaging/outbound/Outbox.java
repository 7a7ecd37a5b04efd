package com.kontrol.messaging.outbound;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Media;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageQueued;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.SmsGateway;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.NumberConsent;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import com.kontrol.web.PublicUrl;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where outgoing texts start: checks that a text can go (shortcodes, length, consent, a provider) and writes it as
 * {@code queued} in the caller's transaction. The {@link OutboundWorker} sends it after the commit; nothing is sent
 * from a request thread.
 */
@Service
public class Outbox {

    public static final int MAX_LENGTH = 1600;
    public static final Duration MIN_AHEAD = Duration.ofMinutes(1);
    public static final Duration MAX_AHEAD = Duration.ofDays(366);
    public static final String NOTIFICATION = "notification";
    /** Who sends the after-hours reply: automatic, and no answer (the customer still waits for a person). */
    public static final String AFTER_HOURS = "after-hours";

    /** Why an automatic text does not go to a number a lookup found to be a landline. */
    public static final String LANDLINE = "landline: texts will not arrive";

    /** Sender of the answer to a texted HELP (or INFO). */
    public static final String HELP = "help";

    /** Sender of the code that proves a staff member's mobile is theirs. */
    public static final String VERIFICATION = "verification";

    /** Sender of an emergency page to the on-call rotation (a budget of its own). */
    public static final String ON_CALL = "on-call";

    /** Sender of Kontrol's answers to a staff member's own texts (OMW, OK). */
    public static final String KONTROL = "Kontrol";

    private final Messages messages;
    private final OutboxRows rows;
    private final Customers customers;
    private final Jobs jobs;
    private final Shortcodes shortcodes;
    private final SmsGateway gateway;
    private final MessagingSettings settings;
    private final ApplicationEventPublisher events;
    private final PublicUrl publicUrl;
    private final AuditLog audit;
    private final OutboundMedia media;
    private final LineTypes lineTypes;
    private final BusinessNumbers numbers;
    private final NumberConsent consent;
    private final OptOutSentence optOutSentence;
    private final AutomaticTextGate gate;
    private final HeldTexts heldTexts;

    private final Clock clock;

    Outbox(
            Messages messages,
            OutboxRows rows,
            Customers customers,
            Jobs jobs,
            Shortcodes shortcodes,
            SmsGateway gateway,
            MessagingSettings settings,
            ApplicationEventPublisher events,
            PublicUrl publicUrl,
            AuditLog audit,
            OutboundMedia media,
            LineTypes lineTypes,
            BusinessNumbers numbers,
            NumberConsent consent,
            OptOutSentence optOutSentence,
            AutomaticTextGate gate,
            HeldTexts heldTexts,
            Clock clock) {
        this.gate = gate;
        this.heldTexts = heldTexts;
        this.consent = consent;
        this.optOutSentence = optOutSentence;
        this.numbers = numbers;
        this.lineTypes = lineTypes;
        this.media = media;
        this.audit = audit;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.messages = messages;
        this.rows = rows;
        this.customers = customers;
        this.jobs = jobs;
        this.shortcodes = shortcodes;
        this.gateway = gateway;
        this.settings = settings;
        this.events = events;
    }

    /**
     * The text as it would be sent, with its length and segments, or why it cannot be sent. {@code files}: how many
     * pictures or PDFs go with it; with any, it is one MMS, whatever its length.
     */
    public record Draft(String text, SmsSegments.Count count, String error, int files) {

        Draft(String text, SmsSegments.Count count, String error) {
            this(text, count, error, 0);
        }

        public boolean ok() {
            return error == null;
        }

        public boolean mms() {
            return files > 0;
        }

        Draft withFiles(int n) {
            return new Draft(text, count, error, n);
        }
    }

    /** Renders a draft for a given customer and job (a sample, for template previews); nothing is stored. */
    public Draft previewFor(Customer customer, Job job, String body) {
        return draft(customer, body, Optional.ofNullable(job));
    }

    /** Renders a draft for the live preview; nothing is stored. */
    public Draft preview(long customerId, String body, Long jobId) {
        return preview(customerId, body, jobId, 0);
    }

    /** The live preview of a text with {@code files} pictures or PDFs attached (an MMS: the text may be empty). */
    public Draft preview(long customerId, String body, Long jobId, int files) {
        var customer = customer(customerId);
        if (files > 0 && (body == null || body.isBlank())) {
            return new Draft("", SmsSegments.of(""), null, files);
        }
        return draft(customer, body, job(customer, jobId)).withFiles(Math.max(0, files));
    }

    /**
     * Queues a text with pictures or PDFs (checked by {@link Attachments}), as one MMS; the text may then be empty.
     *
     * @throws InvalidInputException saying why it cannot be sent; nothing is queued or kept then
     */
    @Transactional
    public Message queueWithFiles(
            long customerId, String body, Long jobId, String sentBy, List<Attachment> attachments) {
        return queueWithFiles(customerId, body, jobId, sentBy, attachments, null);
    }

    /** {@link #queueWithFiles} from {@code from}, a number picked in the reply box (null: see {@link #senderFor}). */
    @Transactional
    public Message queueWithFiles(
            long customerId, String body, Long jobId, String sentBy, List<Attachment> attachments, String from) {
        if (attachments.isEmpty()) {
            return queueFrom(customerId, body, jobId, sentBy, null, from);
        }
        var customer = customer(customerId);
        var job = job(customer, jobId);
        refuseIfCannotText(customer);
        refuseIfOptedOut(customer.primaryPhone().orElseThrow().e164());
        var text = "";
        if (body != null && !body.isBlank()) {
            var draft = draft(customer, body, job);
            if (!draft.ok()) {
                throw new InvalidInputException(draft.error());
            }
            text = draft.text();
        }
        var sender = senderFor(customer.id(), sentBy, from);
        var paths = attachments.stream().map(a -> media.store(a, sentBy)).toList();
        var files = new ArrayList<Media>();
        for (int i = 0; i < paths.size(); i++) {
            files.add(new Media(paths.get(i), attachments.get(i).contentType()));
        }
        var message = rows.addQueued(
                Message.queued(
                                customer.id(),
                                job.map(Job::id).orElse(null),
                                sender,
                                customer.primaryPhone().orElseThrow().e164(),
                                text,
                                sentBy,
                                OffsetDateTime.now(clock))
                        .withMedia(files),
                publicUrl.base().orElse(null),
                null,
                OutboxRows.TYPED);
        media.attach(paths, message.id());
        audit.record(
                sentBy,
                AuditAction.MESSAGE_SENT,
                customer.id(),
                "Queued text " + message.id() + " with " + files.size() + (files.size() == 1 ? " file" : " files")
                        + " to " + message.to());
        events.publishEvent(new MessageQueued(message));
        return message;
    }

    /**
     * Refuses, before any attached file is read, a text that could not go to this customer whatever it held: reading
     * pictures costs the server work that a stranger's id, or a customer who opted out, must not buy.
     *
     * @throws NotFoundException when there is no such customer (or job)
     * @throws InvalidInputException saying why nothing can be sent to the customer
     */
    @Transactional(readOnly = true)
    public void refuseIfCannotText(long customerId, Long jobId) {
        var customer = customer(customerId);
        job(customer, jobId);
        refuseIfCannotText(customer);
        refuseIfOptedOut(customer.primaryPhone().orElseThrow().e164());
    }

    /**
     * Queues a text to a customer.
     *
     * @param sentBy the staff user, or {@link #NOTIFICATION}
     * @throws InvalidInputException saying why the text cannot be sent; nothing is queued then
     */
    @Transactional
    public Message queue(long customerId, String body, Long jobId, String sentBy) {
        return queue(customerId, body, jobId, sentBy, null);
    }

    /**
     * Queues a text to go no sooner than {@code notBefore} (null: at once), so that a newer one can still replace it
     * ({@link #cancel}).
     */
    @Transactional
    public Message queue(long customerId, String body, Long jobId, String sentBy, OffsetDateTime notBefore) {
        return queueFrom(customerId, body, jobId, sentBy, notBefore, null);
    }

    /**
     * Queues an automatic text with what makes Kontrol send it ({@code trigger}: an answer to the customer's text, a
     * person's action now, or Kontrol's own schedule); the other methods take it from {@code sentBy}.
     */
    @Transactional
    public Message queueAutomatic(long customerId, String body, Long jobId, String sentBy, Trigger trigger) {
        return queueChecked(customerId, body, jobId, sentBy, null, null, trigger);
    }

    /**
     * Queues a text from {@code from}, one of the business's numbers picked in the reply box (null: the number the
     * customer last texted, see {@link #senderFor}).
     */
    @Transactional
    public Message queueFrom(
            long customerId, String body, Long jobId, String sentBy, OffsetDateTime notBefore, String from) {
        return queueChecked(customerId, body, jobId, sentBy, notBefore, from, triggerOf(sentBy));
    }

    private Message queueChecked(
            long customerId,
            String body,
            Long jobId,
            String sentBy,
            OffsetDateTime notBefore,
            String from,
            Trigger trigger) {
        var customer = customer(customerId);
        var job = job(customer, jobId);
        refuseIfCannotText(customer);
        var draft = draft(customer, body, job);
        if (!draft.ok()) {
            throw new InvalidInputException(draft.error());
        }
        return enqueue(
                customer.id(),
                job.map(Job::id).orElse(null),
                customer.primaryPhone().orElseThrow().e164(),
                draft.text(),
                sentBy,
                notBefore,
                senderFor(customer.id(), sentBy, from),
                trigger);
    }

    /**
     * Queues an answer to a customer's own text to the number it came from (one of theirs, not always the primary):
     * the help reply goes where HELP was asked.
     *
     * @throws InvalidInputException saying why it cannot be sent; nothing is queued then
     */
    @Transactional
    public Message answer(long customerId, String to, String body, String sentBy) {
        var customer = customer(customerId);
        refuseIfCannotText(customer);
        if (customer.phones().stream().noneMatch(p -> p.e164().equals(to))) {
            throw new InvalidInputException(to + " is not one of " + customer.name() + "'s numbers.");
        }
        var job = job(customer, null);
        var draft = draft(customer, body, job);
        if (!draft.ok()) {
            throw new InvalidInputException(draft.error());
        }
        return enqueue(
                customer.id(),
                job.map(Job::id).orElse(null),
                to,
                draft.text(),
                sentBy,
                null,
                senderFor(customer.id(), sentBy, null));
    }

    /**
     * Keeps a text to send at {@code sendAt} (at least a minute ahead, within a year). It is checked now and again
     * when it is due: its shortcodes are expanded then, and a customer who opted out meanwhile gets nothing.
     *
     * @throws InvalidInputException saying why it cannot be scheduled; nothing is stored then
     */
    @Transactional
    public Message schedule(long customerId, String body, Long jobId, String sentBy, OffsetDateTime sendAt) {
        return schedule(customerId, body, jobId, sentBy, sendAt, null);
    }

    /** {@link #schedule} from {@code from}, a number picked in the reply box (null: see {@link #senderFor}). */
    @Transactional
    public Message schedule(
            long customerId, String body, Long jobId, String sentBy, OffsetDateTime sendAt, String from) {
        var customer = customer(customerId);
        var job = job(customer, jobId);
        checkSendAt(sendAt);
        refuseIfCannotText(customer);
        var draft = draft(customer, body, job);
        if (!draft.ok()) {
            throw new InvalidInputException(draft.error());
        }
        var sender = senderFor(customer.id(), sentBy, from);
        var message = rows.addQueued(
                Message.queued(
                                customer.id(),
                                job.map(Job::id).orElse(null),
                                sender,
                                customer.primaryPhone().orElseThrow().e164(),
                                body.strip(),
                                sentBy,
                                sendAt) // until it goes, its time is when it is due
                        .withStatus(DeliveryStatus.SCHEDULED),
                publicUrl.base().orElse(null),
                sendAt,
                automatic(sentBy) ? OutboxRows.AUTOMATIC : OutboxRows.TYPED);
        audit.record(
                sentBy,
                AuditAction.MESSAGE_SCHEDULED,
                customer.id(),
                "Scheduled text " + message.id() + " to " + message.to() + " for " + sendAt);
        events.publishEvent(new MessageStatusChanged(message.id(), customer.id(), message.status()));
        return message;
    }

    /**
     * Changes the words and the time of a text that has not gone yet.
     *
     * @throws ConflictException once it has gone or was cancelled
     */
    @Transactional
    public Message reschedule(long messageId, String body, Long jobId, OffsetDateTime sendAt, String by) {
        var scheduled = messages.findById(messageId)
                .orElseThrow(() -> new NotFoundException("There is no message " + messageId + "."));
        if (scheduled.customerId() == null || !DeliveryStatus.SCHEDULED.code().equals(scheduled.status())) {
            throw new ConflictException(
                    "Text " + messageId + " is " + scheduled.status() + ": only a scheduled text can be changed.");
        }
        var customer = customer(scheduled.customerId());
        var job = job(customer, jobId);
        checkSendAt(sendAt);
        var draft = draft(customer, body, job);
        if (!draft.ok()) {
            throw new InvalidInputException(draft.error());
        }
        if (!rows.reschedule(
                messageId, body.strip(), job.map(Job::id).orElse(null), sendAt, OffsetDateTime.now(clock))) {
            throw new ConflictException("Text " + messageId + " has just gone out or was cancelled.");
        }
        audit.record(
                by,
                AuditAction.MESSAGE_SCHEDULED,
                customer.id(),
                "Changed scheduled text " + messageId + ": now for " + sendAt);
        events.publishEvent(new MessageStatusChanged(messageId, customer.id(), scheduled.status()));
        return messages.findById(messageId).orElseThrow();
    }

    /**
     * Sends a scheduled text whose time has come, once however many instances try: checked again and its shortcodes
     * expanded now; if it can no longer go it fails, saying why, and nothing is sent.
     */
    @Transactional
    public void releaseDue(long messageId) {
        var scheduled = messages.findById(messageId).orElse(null);
        if (scheduled == null || !DeliveryStatus.SCHEDULED.code().equals(scheduled.status())) {
            return;
        }
        var now = OffsetDateTime.now(clock);
        var why = whyNot(scheduled.customerId(), scheduled.body(), scheduled.jobId());
        if (why.isPresent()) {
            if (rows.notSent(messageId, "Not sent at its time: " + why.get(), now)) {
                events.publishEvent(
                        new MessageStatusChanged(messageId, scheduled.customerId(), DeliveryStatus.FAILED.code()));
            }
            return;
        }
        if (automatic(scheduled.sentBy())) { // Kontrol's own schedule: the governor's rules, quiet hours too
            var verdict = gate.check(scheduled.to(), scheduled.sentBy(), Trigger.SCHEDULED, now);
            if (verdict.held()) {
                heldTexts.holdScheduled(scheduled, verdict, now);
                return;
            }
            if (verdict.notBefore() != null) {
                rows.postpone(messageId, verdict.notBefore(), now);
                return;
            }
        }
        var customer = customer(scheduled.customerId());
        var text = draft(customer, scheduled.body(), job(customer, scheduled.jobId()))
                .text();
        if (rows.release(messageId, text, now)) {
            if (automatic(scheduled.sentBy())) {
                gate.passed(messageId, scheduled.to(), scheduled.sentBy(), Trigger.SCHEDULED);
            }
            events.publishEvent(new MessageQueued(messages.findById(messageId).orElseThrow()));
        }
    }

    /** Everything no person typed: it passes the governor ({@link AutomaticTextGate}) and waits behind typed texts. */
    static boolean automatic(String sentBy) {
        return NOTIFICATION.equals(sentBy)
                || AFTER_HOURS.equals(sentBy)
                || HELP.equals(sentBy)
                || VERIFICATION.equals(sentBy)
                || ON_CALL.equals(sentBy)
                || KONTROL.equals(sentBy);
    }

    /** What makes Kontrol send a text from {@code sentBy} when the caller does not say. */
    private static Trigger triggerOf(String sentBy) {
        // Kontrol's answers to a staff member's own command (OMW, OK) follow a person's action, like a page.
        return AFTER_HOURS.equals(sentBy) || HELP.equals(sentBy) ? Trigger.ANSWER : Trigger.NOW;
    }

    private void checkSendAt(OffsetDateTime sendAt) {
        var now = OffsetDateTime.now(clock);
        if (sendAt == null || sendAt.isBefore(now.plus(MIN_AHEAD))) {
            throw new InvalidInputException("Schedule a text at least a minute ahead.");
        }
        if (sendAt.isAfter(now.plus(MAX_AHEAD))) {
            throw new InvalidInputException("Schedule a text at most a year ahead.");
        }
    }

    /**
     * Which of the business's numbers a text to this customer goes from: the one picked ({@code requested}), else the
     * one the customer last texted or was texted from, else the default; a notification always from the default. With
     * a Messaging Service, the service (Twilio picks the number: sticky sender).
     *
     * @throws InvalidInputException for a picked number that is not one of the business's
     */
    public String senderFor(Long customerId, String sentBy, String requested) {
        var fallback = sender();
        if (isService(fallback)) {
            return fallback;
        }
        if (requested != null && !requested.isBlank()) {
            if (!numbers.isKnown(requested.strip())) {
                throw new InvalidInputException(requested.strip() + " is not one of the business's numbers.");
            }
            return requested.strip();
        }
        if (customerId == null || NOTIFICATION.equals(sentBy)) {
            return fallback;
        }
        return numbers.lastUsedWith(customerId).orElse(fallback);
    }

    /** A Messaging Service's SID ({@code MG…}) rather than a number: Twilio chooses the sending number. */
    static boolean isService(String sender) {
        return sender != null && sender.startsWith("MG");
    }

    private String sender() {
        return gateway.senderNumber()
                .orElseThrow(() -> new InvalidInputException(
                        "Twilio is not set up: an admin can connect it under Settings > Integrations > Twilio."));
    }

    /**
     * Why a text to this customer cannot go, or empty when it can. Throws nothing, so a caller inside a transaction can
     * record the reason and carry on.
     */
    public Optional<String> whyNot(long customerId, String body, Long jobId) {
        try {
            var customer = customer(customerId);
            refuseIfCannotText(customer);
            var draft = draft(customer, body, job(customer, jobId));
            if (!draft.ok()) {
                return Optional.of(draft.error());
            }
            if (gateway.senderNumber().isEmpty()) {
                return Optional.of("Twilio is not set up.");
            }
            // Automatic texts only: a person who sees the warning may still try (a lookup can be out of date).
            if (lineTypes.isLandline(customer.primaryPhone().orElseThrow().e164())) {
                return Optional.of(LANDLINE);
            }
            return Optional.empty();
        } catch (InvalidInputException | NotFoundException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The time where the number's owner lives, when it is night there (outside the daytime window), for the composer. */
    public Optional<ZonedDateTime> nightWhere(String to) {
        return gate.nightAt(to);
    }

    /** The governor's rules as the settings page explains them. */
    public record AutomaticTextRules(
            String daytime, int perHour, int perDay, int staffPerHour, int staffPerDay, List<String> countries) {}

    public AutomaticTextRules automaticTextRules() {
        return gate.rules();
    }

    /** Withdraws a queued text that has not gone out yet; false when it is already on its way (or gone). */
    @Transactional
    public boolean cancel(long messageId) {
        return cancel(messageId, AuditLog.SYSTEM);
    }

    /** Withdraws a queued text, by a person or by Kontrol itself (a newer notification replaces it). */
    @Transactional
    public boolean cancel(long messageId, String by) {
        var canceled = rows.cancelUnsent(messageId);
        if (canceled) {
            messages.findById(messageId).ifPresent(m -> {
                audit.record(
                        by,
                        AuditAction.MESSAGE_CANCELLED,
                        m.customerId(),
                        "Withdrew text " + m.id() + " to " + m.to() + " before it was sent");
                events.publishEvent(new MessageStatusChanged(m.id(), m.customerId(), m.status()));
            });
        }
        return canceled;
    }

    /**
     * Queues a reply to a number that matches no customer (from the unassigned inbox). Shortcodes about a customer or
     * a job cannot be used.
     */
    @Transactional
    public Message queueToNumber(String phone, String body, String sentBy) {
        PhoneNumber to;
        try {
            to = PhoneNumber.ofE164(phone);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Kontrol can only reply to phone numbers, not to " + phone + ".");
        }
        var draft = draft(null, body, Optional.empty());
        if (!draft.ok()) {
            throw new InvalidInputException(draft.error());
        }
        var from = sender();
        if (!isService(from)) {
            from = numbers.lastUsedWithNumber(to.e164()).orElse(from); // the number they texted
        }
        return enqueue(null, null, to.e164(), draft.text(), sentBy, null, from);
    }

    /**
     * Queues a failed text again, as it was, exactly once: pressed twice, or by two people at once, one new attempt is
     * queued and the other press is told who sent it again.
     *
     * @throws ConflictException when it was already sent again, or is not a failed text
     */
    @Transactional
    public Message resend(long messageId, String sentBy) {
        var failed = messages.findById(messageId).orElseThrow(() -> new NotFoundException("No such message."));
        if (failed.isInbound() || failed.customerId() == null) {
            throw new ConflictException("Only texts sent to a customer can be sent again.");
        }
        if (failed.resentBy() != null) {
            throw alreadyResent(failed.resentBy());
        }
        var status = DeliveryStatus.fromCode(failed.status()).orElse(DeliveryStatus.QUEUED);
        if (status != DeliveryStatus.FAILED && status != DeliveryStatus.UNDELIVERED) {
            throw new ConflictException("Only a failed text can be sent again.");
        }
        refuseIfCannotText(customer(failed.customerId()));
        boolean claimed;
        try {
            claimed = rows.claimResend(messageId, sentBy);
        } catch (ConcurrencyFailureException e) {
            claimed =
                    false; // the database refused the second of two updates of one row at once rather than let it wait
        }
        if (!claimed) {
            throw alreadyResent(
                    messages.findById(messageId).map(Message::resentBy).orElse("someone"));
        }
        // From the number it failed from, while that is still one of the business's.
        var from = numbers.isKnown(failed.from()) || isService(failed.from())
                ? failed.from()
                : senderFor(failed.customerId(), sentBy, null);
        var again = enqueue(failed.customerId(), failed.jobId(), failed.to(), failed.body(), sentBy, null, from);
        rows.supersede(messageId, again.id());
        audit.record(
                sentBy,
                AuditAction.MESSAGE_RESENT,
                failed.customerId(),
                "Sent failed text " + messageId + " again as text " + again.id() + " to " + again.to());
        events.publishEvent(new MessageStatusChanged(messageId, failed.customerId(), failed.status()));
        return again;
    }

    private static ConflictException alreadyResent(String by) {
        return new ConflictException("This text was already sent again" + (by == null ? "" : " by " + by) + ".");
    }

    private Message enqueue(
            Long customerId, Long jobId, String to, String body, String sentBy, OffsetDateTime notBefore, String from) {
        return enqueue(customerId, jobId, to, body, sentBy, notBefore, from, triggerOf(sentBy));
    }

    private Message enqueue(
            Long customerId,
            Long jobId,
            String to,
            String body,
            String sentBy,
            OffsetDateTime notBefore,
            String from,
            Trigger trigger) {
        refuseIfOptedOut(to);
        var automatic = automatic(sentBy);
        if (automatic) {
            var verdict = gate.check(to, sentBy, trigger, notBefore);
            if (verdict.held()) {
                return heldTexts.hold(
                        Message.queued(customerId, jobId, from, to, body, sentBy, OffsetDateTime.now(clock)), verdict);
            }
            if (verdict.notBefore() != null
                    && (notBefore == null || verdict.notBefore().isAfter(notBefore))) {
                notBefore = verdict.notBefore();
            }
        }
        var message = rows.addQueued(
                Message.queued(customerId, jobId, from, to, body, sentBy, OffsetDateTime.now(clock)),
                publicUrl.base().orElse(null), // no delivery reports until the public URL is known
                notBefore,
                automatic ? OutboxRows.AUTOMATIC : OutboxRows.TYPED);
        if (automatic) {
            gate.passed(message.id(), to, sentBy, trigger);
        }
        if (!NOTIFICATION.equals(sentBy)) { // a notification is recorded in the job's notification log
            audit.record(sentBy, AuditAction.MESSAGE_SENT, customerId, "Queued text " + message.id() + " to " + to);
        }
        events.publishEvent(new MessageQueued(message));
        return message;
    }

    /**
     * The one question every text asks before it is queued (and the worker asks again before it goes): has the number
     * it goes to opted out, whoever has it?
     */
    private void refuseIfOptedOut(String to) {
        var optOut = consent.optOutOf(to);
        if (optOut.isPresent()) {
            throw new InvalidInputException(optOutSentence.of(optOut.get()));
        }
    }

    private void refuseIfCannotText(Customer customer) {
        if (customer.smsOptedOut()) {
            throw new InvalidInputException(customer.name() + " has opted out of texts: "
                    + optOutSentence.of(customer.optOuts().get(0)));
        }
        if (!customer.smsEnabled()) {
            throw new InvalidInputException(
                    "SMS is disabled for " + customer.name() + ": enable it on the customer's page first.");
        }
        if (customer.primaryPhone().isEmpty()) {
            throw new InvalidInputException(customer.name() + " has no mobile number.");
        }
    }

    private Draft draft(Customer customer, String body, Optional<Job> job) {
        var raw = body == null ? "" : body.strip();
        if (raw.isEmpty()) {
            return new Draft("", SmsSegments.of(""), "Type a message first.");
        }
        var expansion = shortcodes.expand(
                raw, new Shortcodes.Context(Optional.ofNullable(customer), job, settings.companyName()));
        if (!expansion.ok()) {
            return new Draft(raw, SmsSegments.of(raw), expansion.error());
        }
        var count = SmsSegments.of(expansion.text());
        if (expansion.text().length() > MAX_LENGTH) {
            return new Draft(
                    expansion.text(),
                    count,
                    "Too long: " + expansion.text().length() + " characters, at most " + MAX_LENGTH + " can be sent.");
        }
        return new Draft(expansion.text(), count, null);
    }

    private Customer customer(long id) {
        return customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
    }

    /** The job the text is about: the one chosen, else the customer's most recent open job. */
    private Optional<Job> job(Customer customer, Long jobId) {
        var theirs = jobs.forCustomer(customer.id());
        if (jobId != null) {
            return Optional.of(theirs.stream()
                    .filter(j -> j.id() == jobId)
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(
                            "Job " + jobId + " is not one of " + customer.name() + "'s jobs.")));
        }
        return theirs.stream().filter(j -> j.status().isOpen()).findFirst();
    }
}
