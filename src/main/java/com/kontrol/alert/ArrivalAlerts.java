package com.kontrol.alert;

import com.kontrol.customer.Customers;
import com.kontrol.database.OwnTransaction;
import com.kontrol.hours.BusinessHours;
import com.kontrol.messaging.CallMissed;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.WaitingCustomers;
import com.kontrol.messaging.unassigned.UnassignedNumbers;
import com.kontrol.security.StaffDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer's text while the office is open: a browser notification and, for whoever chose it, an e-mail, to the
 * conversation's owner, or to everyone who opted in when it has none. Once the text is stored (after its commit), so
 * nobody is alerted of a text that then rolled back. While the office is closed the after-hours reply and the emergency
 * line answer instead.
 */
@Component
class ArrivalAlerts {

    private final TransactionTemplate ownTransaction;
    private final BusinessHours hours;
    private final WaitingCustomers waiting;
    private final StaffDirectory staff;
    private final AlertPreferences preferences;
    private final Customers customers;
    private final AlertMails mails;
    private final MailQueue mail;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final UnassignedNumbers unassigned;
    private final Messages messages;

    ArrivalAlerts(
            Messages messages,
            BusinessHours hours,
            WaitingCustomers waiting,
            StaffDirectory staff,
            AlertPreferences preferences,
            Customers customers,
            AlertMails mails,
            MailQueue mail,
            ApplicationEventPublisher events,
            MeterRegistry meters,
            UnassignedNumbers unassigned,
            PlatformTransactionManager transactionManager) {
        this.messages = messages;
        this.unassigned = unassigned;
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.meters = meters;
        this.hours = hours;
        this.waiting = waiting;
        this.staff = staff;
        this.preferences = preferences;
        this.customers = customers;
        this.mails = mails;
        this.mail = mail;
        this.events = events;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void received(MessageReceived event) {
        var m = event.message();
        if (m.direction() != Direction.INBOUND
                || event.consentChanged()
                || !preferences.anyoneAlertedOfEachText()
                || !hours.isOpen(m.createdAt().toInstant())) {
            return; // nobody to tell (the common case costs no query, nor a transaction), or the office is closed
        }
        ownTransaction.executeWithoutResult(status -> alert(m));
    }

    /** A missed call (or a voicemail) alerts as a customer's text does, while the office is open. */
    @TransactionalEventListener(fallbackExecution = true)
    void missedCall(CallMissed event) {
        if (event.customerId() == null || !preferences.anyoneAlertedOfEachText()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> messages.findById(event.messageId())
                .filter(m -> hours.isOpen(m.createdAt().toInstant()))
                .ifPresent(this::alert));
    }

    private void alert(Message m) {
        var wait = m.customerId() == null ? null : waiting.of(m.customerId()).orElse(null);
        if (m.customerId() != null && (wait == null || wait.since() == null)) {
            return; // a bare "ok" to an answered, closed or snoozed conversation: nobody needs to act
        }
        // An unknown number: one alert while it waits in the inbox (until dismissed), however often it texts; none
        // once it is blocked.
        var strangersWait = m.customerId() == null ? unassigned.waitingSince(m.from()) : Optional.<Long>empty();
        if (m.customerId() == null && strangersWait.isEmpty()) {
            return;
        }
        var team = staff.members();
        var owner = wait == null || wait.owner() == null
                ? null
                : team.stream()
                        .filter(p -> p.username().equals(wait.owner()))
                        .findFirst()
                        .orElse(null);
        var chosen = preferences.chosen();
        var who = owner != null ? List.of(owner) : team;
        String name = null;
        for (var person : who) {
            var choice = chosen.getOrDefault(person.username(), AlertPreferences.Choice.DEFAULTS);
            if (choice.browser()) {
                events.publishEvent(new BrowserAlert(m.id(), person.username(), choice.sound()));
                meters.counter("kontrol.alerts.sent", "channel", "browser").increment();
            }
            if (choice.emailArrivals() && person.email().isPresent() && mail.configured()) {
                if (name == null) {
                    name = m.customerId() == null
                            ? m.from()
                            : customers
                                    .findById(m.customerId())
                                    .map(c -> c.name())
                                    .orElse(m.from());
                }
                // One e-mail per wait, not per text: a burst of texts while nobody has answered is one alert.
                var key = "arrival:"
                        + (wait == null
                                ? "unknown:" + m.from() + ":" + strangersWait.get()
                                : m.customerId() + ":" + wait.since().toEpochMilli())
                        + ":" + person.username();
                var reason = owner != null
                        ? "You get this because you own the conversation."
                        : "You get this because you chose an e-mail for each new customer text.";
                var rendered = mails.render(
                        m.customerId() == null
                                ? AlertMails.Alert.fromUnknownNumber(m, reason)
                                : new AlertMails.Alert(
                                        name, m.from(), AlertMails.said(List.of(m)), null, m.customerId(), reason));
                mail.queue(new MailQueue.Mail(
                        key,
                        person.email().get(),
                        rendered.subject(),
                        rendered.text(),
                        rendered.html(),
                        m.customerId(),
                        wait == null ? null : wait.since()));
            }
        }
    }
}
