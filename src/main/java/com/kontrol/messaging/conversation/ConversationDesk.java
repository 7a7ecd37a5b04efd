package com.kontrol.messaging.conversation;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.ConversationAssigned;
import com.kontrol.messaging.ConversationChanged;
import com.kontrol.messaging.ConversationOpened;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the team does to a conversation: take it, give it to a colleague or nobody, close, reopen, snooze it until a
 * time, and mark it read or unread for oneself. A change of owner is recorded in the audit log (who, when).
 */
@Service
public class ConversationDesk {

    static final Duration MAX_SNOOZE = Duration.ofDays(366);

    private final Conversations conversations;
    private final ReadMarkers reads;
    private final StaffDirectory staff;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ConversationDesk(
            Conversations conversations,
            ReadMarkers reads,
            StaffDirectory staff,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.conversations = conversations;
        this.reads = reads;
        this.staff = staff;
        this.audit = audit;
        this.clock = clock;
    }

    /** Gives the conversation to {@code owner} (null: nobody). */
    @Transactional
    public ConversationRow assign(long customerId, String owner, String by) {
        var before = existing(customerId, by);
        String username = null;
        if (owner != null && !owner.isBlank()) {
            username = staff.mayOwn(owner)
                    .orElseThrow(() -> new InvalidInputException(
                            "\"" + cut(owner) + "\" is not an enabled staff account: choose someone who can text."));
        }
        if (username == null ? before.owner() == null : username.equals(before.owner())) {
            return before;
        }
        conversations.setOwner(customerId, username, by, OffsetDateTime.now(clock));
        events.publishEvent(new ConversationChanged(customerId));
        events.publishEvent(new ConversationAssigned(customerId, username, before.owner(), by));
        audit.record(
                by,
                AuditAction.CONVERSATION_ASSIGNED,
                customerId,
                username == null
                        ? "Unassigned the conversation (was " + before.owner() + ")"
                        : username.equals(by) ? "Took the conversation" : "Gave the conversation to " + username);
        return existing(customerId, by);
    }

    @Transactional
    public ConversationRow close(long customerId, String by) {
        var before = existing(customerId, by);
        var now = OffsetDateTime.now(clock);
        conversations.setState(customerId, "closed", null, by, now);
        if (!"closed".equals(before.state())) {
            conversations.noteForReports(customerId, "closed", now);
        }
        events.publishEvent(new ConversationChanged(customerId));
        return existing(customerId, by);
    }

    @Transactional
    public ConversationRow reopen(long customerId, String by) {
        var before = existing(customerId, by);
        var now = OffsetDateTime.now(clock);
        conversations.setState(customerId, "open", null, by, now);
        if ("closed".equals(before.state())) {
            conversations.noteForReports(customerId, "reopened", now);
        }
        events.publishEvent(new ConversationChanged(customerId));
        return existing(customerId, by);
    }

    /** Snoozes until {@code until} (in the future, within a year); a customer text wakes it sooner. */
    @Transactional
    public ConversationRow snooze(long customerId, OffsetDateTime until, String by) {
        existing(customerId, by);
        var now = OffsetDateTime.now(clock);
        if (until == null || !until.isAfter(now)) {
            throw new InvalidInputException("Snooze until a time in the future.");
        }
        if (until.isAfter(now.plus(MAX_SNOOZE))) {
            throw new InvalidInputException("Snooze for at most a year.");
        }
        conversations.setState(customerId, "snoozed", until, by, now);
        events.publishEvent(new ConversationChanged(customerId));
        return existing(customerId, by);
    }

    /**
     * Wakes a snoozed conversation whose time has come, once however many instances try: the update that wakes it
     * and its audit entry are one transaction.
     */
    @Transactional
    public boolean wake(long customerId, OffsetDateTime now) {
        if (!conversations.wake(customerId, now)) {
            return false;
        }
        events.publishEvent(new ConversationChanged(customerId));
        audit.record(AuditLog.SYSTEM, AuditAction.CONVERSATION_WOKEN, customerId, "The snooze ended");
        return true;
    }

    /** Everything in the thread is read, and its mentions of {@code me} seen, for {@code me} only. */
    @Transactional
    public void markRead(long customerId, String me) {
        // From the thread, not the conversation row: a note is not in it, and it must not be needed to read.
        reads.newestMessageId(customerId).ifPresent(id -> reads.markRead(customerId, me, id));
        reads.mentionsSeen(customerId, me, OffsetDateTime.now(clock));
        events.publishEvent(new ConversationOpened(customerId, me));
    }

    /** The latest customer text is unread again, for {@code me} only. */
    @Transactional
    public ConversationRow markUnread(long customerId, String me) {
        var ids = reads.lastIds(customerId)
                .orElseThrow(() -> new NotFoundException("There is no conversation with customer " + customerId + "."));
        if (ids[1] > 0) {
            reads.markRead(customerId, me, ids[1] - 1);
        }
        return existing(customerId, me);
    }

    private ConversationRow existing(long customerId, String me) {
        return conversations
                .find(customerId, me)
                .orElseThrow(() -> new NotFoundException("There is no conversation with customer " + customerId + "."));
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
