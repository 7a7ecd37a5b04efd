package com.kontrol.push;

import com.kontrol.customer.Customers;
import com.kontrol.database.OwnTransaction;
import com.kontrol.hours.EmergencyPaged;
import com.kontrol.messaging.ConversationAssigned;
import com.kontrol.messaging.ConversationOpened;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.NoteAdded;
import com.kontrol.messaging.WaitingCustomers;
import com.kontrol.security.StaffDirectory;
import com.kontrol.visit.VisitAnswered;
import com.kontrol.visit.VisitStatus;
import java.util.Collection;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When a person's devices hear from Kontrol: a customer's text in a conversation they own (or in one nobody owns, if
 * they chose that), whatever the hour (the browser alerts keep to office hours; a phone has its own quiet hours), a note that mentions them, a conversation someone else gave them, an
 * emergency page, and a customer's answer to a visit they go to. Each is decided after its cause committed (nothing
 * for what rolled back) and queued in a transaction of its own; opening the conversation forgets what is still queued.
 */
@Component
class PushTriggers {

    private final PushSubscriptions subscriptions;
    private final PushQueue queue;
    private final WaitingCustomers waiting;
    private final Customers customers;
    private final Messages messages;
    private final StaffDirectory staff;
    private final TransactionTemplate ownTransaction;

    PushTriggers(
            PushSubscriptions subscriptions,
            PushQueue queue,
            WaitingCustomers waiting,
            Customers customers,
            Messages messages,
            StaffDirectory staff,
            PlatformTransactionManager transactions) {
        this.subscriptions = subscriptions;
        this.queue = queue;
        this.waiting = waiting;
        this.customers = customers;
        this.messages = messages;
        this.staff = staff;
        this.ownTransaction = OwnTransaction.with(transactions);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void received(MessageReceived event) {
        var m = event.message();
        if (m.direction() != Direction.INBOUND
                || m.customerId() == null
                || event.consentChanged()
                || !subscriptions.anyone()) { // the common case costs no query
            return;
        }
        ownTransaction.executeWithoutResult(status -> {
            var wait = waiting.of(m.customerId()).orElse(null);
            if (wait == null || wait.since() == null) {
                return; // a bare "ok" to an answered, closed or snoozed conversation: nobody needs to act
            }
            var who = wait.owner() != null ? List.of(wait.owner()) : subscriptions.choosingUnowned();
            push(who, PushNotice.about(m.customerId(), nameOf(m.customerId()), said(m), false));
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void noted(NoteAdded event) {
        var note = event.note();
        if (event.mentioned().isEmpty() || note.customerId() == null || !subscriptions.anyone()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> push(
                event.mentioned(),
                PushNotice.about(
                        note.customerId(),
                        note.sentBy() + " mentioned you · " + nameOf(note.customerId()),
                        note.body(),
                        false)));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void assigned(ConversationAssigned event) {
        if (event.owner() == null || event.owner().equals(event.by()) || !subscriptions.anyone()) {
            return; // nobody, or oneself: nothing to tell
        }
        ownTransaction.executeWithoutResult(status -> push(
                List.of(event.owner()),
                PushNotice.about(
                        event.customerId(),
                        nameOf(event.customerId()),
                        event.by() + " gave you this conversation.",
                        false)));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void paged(EmergencyPaged event) {
        if (!subscriptions.anyone()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> {
            var words =
                    messages.findById(event.messageId()).map(PushTriggers::said).orElse("");
            push(
                    List.of(event.username()),
                    PushNotice.about(event.customerId(), "Emergency: " + nameOf(event.customerId()), words, true));
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void visitAnswered(VisitAnswered event) {
        if (event.technician() == null || !subscriptions.anyone()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> {
            var name = nameOf(event.customerId());
            var notice = event.answer() == VisitStatus.CONFIRMED
                    ? PushNotice.about(event.customerId(), name + " confirmed the visit", event.day(), false)
                    : PushNotice.about(
                            event.customerId(),
                            name + " asks for another time",
                            event.day() + ": “" + event.words() + "”",
                            false);
            push(List.of(event.technician()), notice);
        });
    }

    /** Read elsewhere: what still waits to be pushed about it is no longer news (in the reading's transaction). */
    @EventListener
    void opened(ConversationOpened event) {
        if (subscriptions.anyone()) {
            queue.read(event.username(), event.customerId());
        }
    }

    private void push(Collection<String> usernames, PushNotice notice) {
        var enabled =
                usernames.stream().filter(u -> staff.enabled(u).isPresent()).toList();
        queue.queue(subscriptions.of(enabled), notice);
    }

    private String nameOf(long customerId) {
        return customers.findById(customerId).map(c -> c.name()).orElse("A customer");
    }

    private static String said(Message m) {
        var body = m.body() == null ? "" : m.body().strip();
        if (!m.media().isEmpty()) {
            var pictures = m.media().size() == 1 ? "a picture" : m.media().size() + " pictures";
            return body.isEmpty() ? "Sent " + pictures + "." : body + " (+ " + pictures + ")";
        }
        return body;
    }
}
