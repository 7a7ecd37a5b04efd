package com.kontrol.messaging.outbound;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.job.Job;
import com.kontrol.messaging.Media;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageQueued;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.PublicUrl;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where outgoing texts start: checks that a text can go (shortcodes, length, consent, a provider) and writes it as
 * {@code queued} in the caller's transaction. The {@link OutboundWorker} sends it after the commit; nothing is sent
 * from a request thread. A text for later is {@link ScheduledTexts}'; a failed one sent again {@link Resends}'.
 */
@Service
public class Outbox {

    public static final int MAX_LENGTH = 1600;

    private final OutboxRows rows;
    private final Messages messages;
    private final TextChecks checks;
    private final SenderChoice senders;
    private final ApplicationEventPublisher events;
    private final PublicUrl publicUrl;
    private final AuditLog audit;
    private final OutboundMedia media;
    private final AutomaticTextGate gate;
    private final HeldTexts heldTexts;
    private final Clock clock;

    Outbox(
            OutboxRows rows,
            Messages messages,
            TextChecks checks,
            SenderChoice senders,
            ApplicationEventPublisher events,
            PublicUrl publicUrl,
            AuditLog audit,
            OutboundMedia media,
            AutomaticTextGate gate,
            HeldTexts heldTexts,
            Clock clock) {
        this.rows = rows;
        this.messages = messages;
        this.checks = checks;
        this.senders = senders;
        this.events = events;
        this.publicUrl = publicUrl;
        this.audit = audit;
        this.media = media;
        this.gate = gate;
        this.heldTexts = heldTexts;
        this.clock = clock;
    }

    /** Renders a draft for a given customer and job (a sample, for template previews); nothing is stored. */
    public Draft previewFor(Customer customer, Job job, String body) {
        return checks.draft(customer, body, Optional.ofNullable(job));
    }

    /**
     * The live preview of a text with {@code files} pictures or PDFs attached (not yet uploaded): with any, an MMS, whose
     * words may be empty. Nothing is stored.
     */
    public Draft preview(TextToGo text, int files) {
        var customer = checks.customer(text.customerId());
        if (files > 0 && (text.body() == null || text.body().isBlank())) {
            return new Draft("", SmsSegments.of(""), null, files);
        }
        return checks.draft(customer, text.body(), checks.job(customer, text.jobId()))
                .withFiles(Math.max(0, files));
    }

    /**
     * Queues a text to a customer's primary number, not before {@code text.when()} if it says (so that a newer one can
     * still replace it, {@link #cancel}), with its files as one MMS.
     *
     * @throws InvalidInputException saying why the text cannot be sent; nothing is queued or kept then
     */
    @Transactional
    public Message queue(TextToGo text) {
        var customer = checks.customer(text.customerId());
        var job = checks.job(customer, text.jobId());
        checks.refuseIfCannotText(customer);
        var to = checks.primaryNumberOf(customer);
        if (text.files().isEmpty()) {
            var words = checks.wordsOf(customer, text.body(), job);
            var from = senders.forCustomer(customer.id(), text.sender(), text.from());
            return enqueue(
                    Message.queued(customer.id(), jobIdOf(job), from, to, words, text.sender(), now()),
                    text.when(),
                    text.trigger());
        }
        checks.refuseIfOptedOut(to);
        var words = text.body() == null || text.body().isBlank() ? "" : checks.wordsOf(customer, text.body(), job);
        return queueWithFiles(
                Message.queued(
                        customer.id(),
                        jobIdOf(job),
                        senders.forCustomer(customer.id(), text.sender(), text.from()),
                        to,
                        words,
                        text.sender(),
                        now()),
                text.files());
    }

    private Message queueWithFiles(Message text, List<Attachment> attachments) {
        var paths = attachments.stream().map(a -> media.store(a, text.sentBy())).toList();
        var files = new ArrayList<Media>();
        for (int i = 0; i < paths.size(); i++) {
            files.add(new Media(paths.get(i), attachments.get(i).contentType()));
        }
        var message = rows.addQueued(text.withMedia(files), publicUrl.base().orElse(null), null, OutboxRows.TYPED);
        media.attach(paths, message.id());
        audit.record(
                text.sentBy(),
                AuditAction.MESSAGE_SENT,
                text.customerId(),
                "Queued text " + message.id() + " with " + files.size() + (files.size() == 1 ? " file" : " files")
                        + " to " + message.to());
        events.publishEvent(new MessageQueued(message));
        return message;
    }

    /**
     * Refuses, before any attached file is read, a text that could not go to this customer whatever it held: reading
     * pictures costs the server work that a stranger's id, or a customer who opted out, must not buy.
     *
     * @throws com.kontrol.web.NotFoundException when there is no such customer (or job)
     * @throws InvalidInputException saying why nothing can be sent to the customer
     */
    @Transactional(readOnly = true)
    public void refuseIfCannotText(long customerId, Long jobId) {
        var customer = checks.customer(customerId);
        checks.job(customer, jobId);
        checks.refuseIfCannotText(customer);
        checks.refuseIfOptedOut(checks.primaryNumberOf(customer));
    }

    /**
     * Queues an answer to a customer's own text to the number it came from (one of theirs, not always the primary):
     * the help reply goes where HELP was asked.
     *
     * @throws InvalidInputException saying why it cannot be sent; nothing is queued then
     */
    @Transactional
    public Message answer(long customerId, String to, String body, Sender sender) {
        var customer = checks.customer(customerId);
        checks.refuseIfCannotText(customer);
        if (customer.phones().stream().noneMatch(p -> p.e164().equals(to))) {
            throw new InvalidInputException(to + " is not one of " + customer.name() + "'s numbers.");
        }
        var job = checks.job(customer, null);
        var words = checks.wordsOf(customer, body, job);
        var from = senders.forCustomer(customer.id(), sender, null);
        return enqueue(
                Message.queued(customer.id(), jobIdOf(job), from, to, words, sender, now()), null, Trigger.of(sender));
    }

    /**
     * Why {@code body} could not go to a number that may match no customer (a shortcode about a customer or a job, an
     * unknown one), or empty when it could.
     */
    public Optional<String> whyNotToAnyNumber(String body) {
        try {
            checks.wordsOf(null, body, Optional.empty());
            return Optional.empty();
        } catch (InvalidInputException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Queues a reply to a number that matches no customer (from the unassigned inbox, or to a staff member's mobile).
     * Shortcodes about a customer or a job cannot be used.
     */
    @Transactional
    public Message queueToNumber(String phone, String body, Sender sender) {
        PhoneNumber to;
        try {
            to = PhoneNumber.ofE164(phone);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Kontrol can only reply to phone numbers, not to " + phone + ".");
        }
        var words = checks.wordsOf(null, body, Optional.empty());
        var from = senders.forNumber(to.e164());
        return enqueue(Message.queued(null, null, from, to.e164(), words, sender, now()), null, Trigger.of(sender));
    }

    /**
     * The number a person's reply to this customer goes from unless they pick another (see {@link SenderChoice}); empty
     * with a Messaging Service (Twilio picks the number) or while nothing can send.
     */
    public Optional<String> replyNumberFor(long customerId, String username) {
        try {
            var from = senders.forCustomer(customerId, Sender.person(username), null);
            return senders.isPool(from) ? Optional.empty() : Optional.of(from);
        } catch (InvalidInputException e) {
            return Optional.empty(); // Twilio is not set up
        }
    }

    /**
     * Why a text to this customer cannot go, or empty when it can. Throws nothing, so a caller inside a transaction can
     * record the reason and carry on.
     */
    public Optional<String> whyNot(long customerId, String body, Long jobId) {
        return checks.whyNot(customerId, body, jobId);
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
     * Writes a checked text to the outbox, not before {@code notBefore} (null: at once). An automatic one passes the
     * governor first, which may hold it or put it off to the recipient's daytime.
     */
    Message enqueue(Message text, OffsetDateTime notBefore, Trigger trigger) {
        checks.refuseIfOptedOut(text.to());
        var sender = text.sender();
        if (sender.isAutomatic()) {
            var verdict = gate.check(text.to(), sender, trigger, notBefore);
            if (verdict.held()) {
                return heldTexts.hold(text, verdict);
            }
            if (verdict.notBefore() != null
                    && (notBefore == null || verdict.notBefore().isAfter(notBefore))) {
                notBefore = verdict.notBefore();
            }
        }
        var message = rows.addQueued(
                text,
                publicUrl.base().orElse(null), // no delivery reports until the public URL is known
                notBefore,
                sender.isAutomatic() ? OutboxRows.AUTOMATIC : OutboxRows.TYPED);
        if (sender.isAutomatic()) {
            gate.passed(message.id(), text.to(), sender, trigger);
        }
        if (sender != Sender.Automatic.NOTIFICATION) { // a notification is recorded in the job's notification log
            audit.record(
                    sender.code(),
                    AuditAction.MESSAGE_SENT,
                    text.customerId(),
                    "Queued text " + message.id() + " to " + text.to());
        }
        events.publishEvent(new MessageQueued(message));
        return message;
    }

    private static Long jobIdOf(Optional<Job> job) {
        return job.map(Job::id).orElse(null);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
