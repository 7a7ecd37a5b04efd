package com.kontrol.hours;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.TeamNotes;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.PublicUrl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An emergency's way down the on-call rotation: pages the next person who can be paged (a text with the customer's
 * words and a link to the thread), pages on when a page goes unacknowledged for the line's minutes, and notes in the
 * thread when nobody is left.
 */
@Component
class OnCallRotation {

    private static final Logger log = LoggerFactory.getLogger(OnCallRotation.class);
    static final Sender SENT_BY = Sender.Automatic.ON_CALL;
    static final String NOTE_BY = "Kontrol";

    record Emergency(long id, long customerId, long messageId, int step, String pagedUsername) {}

    private final EmergencyLine line;
    private final Outbox outbox;
    private final TeamNotes notes;
    private final Customers customers;
    private final StaffDirectory staff;
    private final PublicUrl publicUrl;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;

    OnCallRotation(
            EmergencyLine line,
            Outbox outbox,
            TeamNotes notes,
            Customers customers,
            StaffDirectory staff,
            PublicUrl publicUrl,
            JdbcClient jdbc,
            Clock clock,
            MeterRegistry meters,
            ApplicationEventPublisher events) {
        this.events = events;
        this.line = line;
        this.outbox = outbox;
        this.notes = notes;
        this.customers = customers;
        this.staff = staff;
        this.publicUrl = publicUrl;
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
    }

    /** Pages the first person on the rotation who can be paged for a just-raised emergency. */
    void pageFirst(long emergencyId, long messageId, EmergencyLine.Settings settings, Customer customer) {
        page(new Emergency(emergencyId, customer.id(), messageId, -1, null), settings, customer);
    }

    /** Pages the next person after {@code e}'s step who can be paged, or notes that nobody is left. */
    private void page(Emergency e, EmergencyLine.Settings settings, Customer customer) {
        var rotation = settings.rotation();
        var now = OffsetDateTime.now(clock);
        // The first page of an emergency, or an escalation because the person paged before did not acknowledge it.
        var kind = e.step() < 0 ? "first" : "escalation";
        for (int step = e.step() + 1; step < rotation.size(); step++) {
            var username = rotation.get(step);
            var mobile = staff.mobileOf(username);
            if (mobile.isEmpty()) {
                notes.add(
                        customer.id(),
                        "Emergency: " + username + " was skipped (no mobile number, or the account" + " is disabled).",
                        NOTE_BY);
                continue;
            }
            var claimed = jdbc.sql("update emergencies set step = :step, paged_username = :username,"
                            + " paged_phone = :phone, paged_at = :now, next_page_at = :next"
                            + " where id = :id and step = :was and acknowledged_at is null")
                    .param("step", step)
                    .param("username", username)
                    .param("phone", mobile.get())
                    .param("now", now)
                    .param("next", now.plusMinutes(settings.ackMinutes()))
                    .param("id", e.id())
                    .param("was", e.step())
                    .update();
            if (claimed == 0) {
                return; // acknowledged, or paged on by another instance meanwhile
            }
            try {
                outbox.queueToNumber(mobile.get(), pageText(customer, e.messageId()), SENT_BY);
            } catch (RuntimeException ex) { // a number the outbox refuses: try the next person at once
                log.warn("Could not page {} for customer {}", username, customer.id(), ex);
                notes.add(
                        customer.id(), "Emergency: paging " + username + " failed (" + ex.getMessage() + ").", NOTE_BY);
                e = new Emergency(e.id(), e.customerId(), e.messageId(), step, username);
                continue;
            }
            meters.counter("kontrol.oncall.pages", "kind", kind).increment();
            events.publishEvent(new EmergencyPaged(e.id(), customer.id(), e.messageId(), username));
            notes.add(
                    customer.id(),
                    "Emergency: paged " + username + " (on call) at " + mobile.get() + ". If it is not acknowledged"
                            + " within " + settings.ackMinutes() + " minutes, "
                            + (step + 1 < rotation.size()
                                    ? rotation.get(step + 1) + " is paged next."
                                    : "nobody" + " else is on the rotation."),
                    NOTE_BY);
            return;
        }
        var ended = jdbc.sql("update emergencies set next_page_at = null where id = :id and step = :was"
                        + " and acknowledged_at is null")
                .param("id", e.id())
                .param("was", e.step())
                .update();
        if (ended == 1) {
            notes.add(
                    customer.id(),
                    rotation.isEmpty() || e.step() < 0
                            ? "Emergency: nobody on call could be paged. Call the customer back as soon as you can."
                            : "Emergency: nobody on the rotation acknowledged the page. Call the customer back as soon"
                                    + " as you can.",
                    NOTE_BY);
        }
    }

    private String pageText(Customer customer, long emergencyText) {
        var before = jdbc.sql("select body from messages where customer_id = :customerId and direction = 'inbound'"
                        + " and id < :id order by id desc fetch first 1 rows only")
                .param("customerId", customer.id())
                .param("id", emergencyText)
                .query(String.class)
                .optional()
                .orElse("");
        var said = before.length() > 160 ? before.substring(0, 160) + "…" : before;
        var link = publicUrl
                .base()
                .map(b -> " " + b + "/customers/" + customer.id() + "/sms")
                .orElse("");
        // Never shortcodes: the customer's words are quoted as they are.
        return ("Kontrol emergency: " + customer.name() + " ("
                        + customer.primaryPhone().map(p -> p.e164()).orElse("")
                        + ") needs help now" + (said.isBlank() ? "" : ": \"" + said + "\"") + ". Reply OK to take it."
                        + link)
                .replace("{{", "{ {");
    }

    /** Pages the next person for every emergency whose page went unacknowledged until {@code now}. */
    @Transactional
    public int escalateDue(OffsetDateTime now) {
        var due = emergencies(
                "next_page_at <= :now and acknowledged_at is null order by next_page_at", Map.of("now", now));
        var settings = line.settings();
        for (var e : due) {
            customers.findById(e.customerId()).ifPresent(customer -> page(e, settings, customer));
        }
        return due.size();
    }

    @Scheduled(fixedDelayString = "${kontrol.on-call.check-millis:15000}", initialDelay = 5_000)
    void escalate() {
        escalateDue(OffsetDateTime.now(clock));
    }

    /** The emergencies that match {@code where} (SQL on the emergencies table, with named parameters). */
    List<Emergency> emergencies(String where, Map<String, ?> params) {
        return jdbc.sql("select id, customer_id, message_id, step, paged_username from emergencies where " + where)
                .params(params)
                .query((rs, n) ->
                        new Emergency(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getString(5)))
                .list();
    }
}
