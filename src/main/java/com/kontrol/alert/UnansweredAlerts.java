package com.kontrol.alert;

import com.kontrol.customer.Customers;
import com.kontrol.hours.BusinessHours;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.WaitingCustomers;
import com.kontrol.security.StaffDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer's text that has waited {@code kontrol.alerts.unanswered-minutes} of business hours without a reply
 * e-mails the conversation's owner and the admins (everyone with an e-mail address when it has no owner): once per
 * wait, however many texts the wait holds and however many instances look. The deadline is computed from the database
 * at every look, so a restart before it changes nothing, and one that came while Kontrol was down is still seen.
 */
@Component
class UnansweredAlerts {

    /** Waits that started longer ago are not looked at (a wait that old was escalated or is beyond saving by e-mail). */
    static final Duration LOOK_BACK = Duration.ofDays(7);

    /** A deadline missed by more than this (Kontrol was down all day) is not worth an e-mail any more. */
    static final Duration STALE = Duration.ofHours(12);

    static final int BATCH = 1000;

    private final WaitingCustomers waiting;
    private final BusinessHours hours;
    private final StaffDirectory staff;
    private final AlertPreferences preferences;
    private final Customers customers;
    private final Messages messages;
    private final AlertMails mails;
    private final MailQueue mail;
    private final AlertSettings settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    UnansweredAlerts(
            WaitingCustomers waiting,
            BusinessHours hours,
            StaffDirectory staff,
            AlertPreferences preferences,
            Customers customers,
            Messages messages,
            AlertMails mails,
            MailQueue mail,
            AlertSettings settings,
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Clock clock) {
        this.waiting = waiting;
        this.hours = hours;
        this.staff = staff;
        this.preferences = preferences;
        this.customers = customers;
        this.messages = messages;
        this.mails = mails;
        this.mail = mail;
        this.settings = settings;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${kontrol.alerts.check-millis:30000}", initialDelay = 5_000)
    void look() {
        raiseDue(clock.instant());
    }

    /** Escalates every wait whose deadline has come by {@code now}; returns how many. */
    int raiseDue(Instant now) {
        if (!mail.configured()) {
            return 0; // no e-mail can go: nothing to escalate to
        }
        var open = Duration.ofMinutes(settings.unansweredMinutes());
        var from = now.minus(LOOK_BACK);
        var raised = new HashSet<String>();
        jdbc.sql("select customer_id, waiting_since from unanswered_alerts where waiting_since >= :from")
                .param("from", from.atOffset(ZoneOffset.UTC))
                .query(rs -> {
                    raised.add(rs.getLong(1) + "@"
                            + rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli());
                });
        int count = 0;
        // A wait can be due only once `open` has passed in all, business hours or not.
        for (var wait : waiting.waitingBetween(from, now.minus(open), BATCH)) {
            if (raised.contains(wait.customerId() + "@" + wait.since().toEpochMilli())) {
                continue;
            }
            var deadline = hours.afterOpenTime(wait.since(), open);
            if (deadline.isEmpty()
                    || deadline.get().isAfter(now)
                    || Duration.between(deadline.get(), now).compareTo(STALE) > 0) {
                continue;
            }
            if (Boolean.TRUE.equals(transaction.execute(tx -> raise(wait, now)))) {
                count++;
            }
        }
        return count;
    }

    private static final String CLAIM = """
            insert into unanswered_alerts (customer_id, waiting_since, raised_at)
            select :customerId, :since, :now
            where not exists (select 1 from unanswered_alerts where customer_id = :customerId and waiting_since = :since)
            """;

    private boolean raise(WaitingCustomers.Wait wait, Instant now) {
        if (!waiting.stillWaiting(wait.customerId(), wait.since())) {
            return false; // answered since the list was read
        }
        int claimed;
        try {
            claimed = jdbc.sql(CLAIM + " on conflict do nothing")
                    .param("customerId", wait.customerId())
                    .param("since", wait.since().atOffset(ZoneOffset.UTC))
                    .param("now", now.atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            claimed = 0;
        }
        if (claimed == 0) {
            return false; // another instance raised it
        }
        var customer = customers.findById(wait.customerId()).orElse(null);
        if (customer == null) {
            return false;
        }
        var texts = new ArrayList<Message>();
        for (var m : messages.thread(customer.id(), Long.MAX_VALUE, 20)) {
            if (m.direction() == Direction.INBOUND && !m.createdAt().toInstant().isBefore(wait.since())) {
                texts.add(m);
            }
        }
        // The owner and the admins; everyone with an e-mail address when nobody owns it. Each may have said no.
        var to = new LinkedHashMap<String, StaffDirectory.Member>();
        var team = staff.members();
        team.stream().filter(p -> p.username().equals(wait.owner())).forEach(p -> to.put(p.username(), p));
        team.stream().filter(p -> p.admin() || wait.owner() == null).forEach(p -> to.putIfAbsent(p.username(), p));
        var chosen = preferences.chosen();
        var minutes = Duration.between(wait.since(), now).toMinutes();
        var phone = customer.primaryPhone().map(p -> p.e164()).orElse("");
        for (var person : to.values()) {
            if (person.email().isEmpty()
                    || !chosen.getOrDefault(person.username(), AlertPreferences.Choice.DEFAULTS)
                            .emailUnanswered()) {
                continue;
            }
            var reason = person.username().equals(wait.owner())
                    ? "You get this because you own the conversation."
                    : person.admin()
                            ? "You get this because you are an admin."
                            : "You get this because nobody owns the conversation.";
            var rendered = mails.render(new AlertMails.Alert(
                    customer.name(), phone, AlertMails.said(texts), minutes, customer.id(), reason));
            mail.queue(new MailQueue.Mail(
                    "unanswered:" + customer.id() + ":" + wait.since().toEpochMilli() + ":" + person.username(),
                    person.email().get(),
                    rendered.subject(),
                    rendered.text(),
                    rendered.html(),
                    customer.id(),
                    wait.since()));
        }
        return true;
    }
}
