package com.kontrol.hours;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.database.OwnTransaction;
import com.kontrol.messaging.ConversationOpened;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.TeamNotes;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.PublicUrl;
import com.kontrol.web.Times;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The emergency line at work. A customer who got the after-hours reply and then texts one of the emergency words pages
 * the first person on call by text (through the outbox, like every text); unacknowledged after the line's minutes, the
 * next person; after the last, the thread says that nobody answered. The paged person acknowledges by texting OK from
 * their phone or by opening the conversation in Kontrol. Every page and acknowledgement is a note in the thread.
 */
@Component
public class OnCallPager {

    private static final Logger log = LoggerFactory.getLogger(OnCallPager.class);
    static final Sender SENT_BY = Sender.Automatic.ON_CALL;
    static final String NOTE_BY = "Kontrol";
    private static final Set<String> ACKNOWLEDGEMENTS = Set.of("OK", "OKAY", "ACK", "ON IT");

    private static final String RAISE = """
            insert into emergencies (customer_id, closed_since, message_id, raised_at, step)
            select :customerId, :since, :messageId, :now, -1
            where not exists (select 1 from emergencies where customer_id = :customerId and closed_since = :since)
            """;

    record Emergency(long id, long customerId, long messageId, int step, String pagedUsername) {}

    private final TransactionTemplate ownTransaction;
    private final EmergencyLine line;
    private final BusinessHours hours;
    private final Outbox outbox;
    private final TeamNotes notes;
    private final Customers customers;
    private final StaffDirectory staff;
    private final PublicUrl publicUrl;
    private final Times times;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;

    OnCallPager(
            EmergencyLine line,
            BusinessHours hours,
            Outbox outbox,
            TeamNotes notes,
            Customers customers,
            StaffDirectory staff,
            PublicUrl publicUrl,
            Times times,
            JdbcClient jdbc,
            Clock clock,
            MeterRegistry meters,
            PlatformTransactionManager transactionManager) {
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.meters = meters;
        this.line = line;
        this.hours = hours;
        this.outbox = outbox;
        this.notes = notes;
        this.customers = customers;
        this.staff = staff;
        this.publicUrl = publicUrl;
        this.times = times;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The closed period in which a customer's text raises an emergency (see {@link #raisesEmergency}); empty for nearly
     * every text, with nothing looked up unless the text is one of the line's words.
     */
    public Optional<OffsetDateTime> emergencyRaisedBy(Message m) {
        var settings = line.settings();
        if (m.customerId() == null
                || m.body() == null
                || !settings.enabled()
                || !line.isEmergency(settings, m.body())) {
            return Optional.empty();
        }
        return raisesEmergency(m, settings);
    }

    /** Raises the emergency a text means (the reader of customers' texts decided it is one): pages the rotation. */
    public void raise(Message m, OffsetDateTime since) {
        ownTransaction.executeWithoutResult(status -> handle(m, line.settings(), since));
    }

    private void handle(Message m, EmergencyLine.Settings settings, OffsetDateTime since) {
        int raised;
        try {
            raised = jdbc.sql(RAISE + " on conflict do nothing")
                    .param("customerId", m.customerId())
                    .param("since", since)
                    .param("messageId", m.id())
                    .param("now", OffsetDateTime.now(clock))
                    .update();
        } catch (DuplicateKeyException e) {
            raised = 0; // two emergency texts at the same moment
        }
        if (raised == 0) {
            return; // raised already in this closed period: the rotation is being paged
        }
        long id = jdbc.sql("select id from emergencies where customer_id = :customerId and closed_since = :since")
                .param("customerId", m.customerId())
                .param("since", since)
                .query(Long.class)
                .single();
        var customer = customers.findById(m.customerId()).orElseThrow();
        if (!settings.confirmation().isBlank()
                && outbox.whyNot(customer.id(), settings.confirmation(), null).isEmpty()) {
            outbox.queue(TextToGo.to(customer.id(), settings.confirmation(), Sender.Automatic.AFTER_HOURS));
        }
        page(new Emergency(id, customer.id(), m.id(), -1, null), settings, customer);
    }

    /**
     * The closed period in which {@code m} raises an emergency: the line is on, the text is one of its words, the
     * office is closed, and the after-hours reply that offered the line went to the customer before this text (a "1"
     * out of the blue means nothing yet). Empty otherwise.
     */
    Optional<OffsetDateTime> raisesEmergency(Message m, EmergencyLine.Settings settings) {
        if (m.customerId() == null || !settings.enabled() || !line.isEmergency(settings, m.body())) {
            return Optional.empty();
        }
        var closedSince = hours.closedSince(m.createdAt().toInstant());
        if (closedSince.isEmpty()) {
            return Optional.empty(); // the office is open: the team sees the text
        }
        var since = closedSince.get().atOffset(ZoneOffset.UTC);
        var offered = jdbc.sql("select count(*) from after_hours_replies where customer_id = :customerId"
                        + " and closed_since = :since and message_id < :textId")
                .param("customerId", m.customerId())
                .param("since", since)
                .param("textId", m.id())
                .query(Long.class)
                .single();
        return offered == 0 ? Optional.empty() : Optional.of(since);
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

    /** Whether a staff member's text acknowledges a page: "OK", "ack", "on it". */
    public static boolean acknowledges(String body) {
        return body != null && ACKNOWLEDGEMENTS.contains(EmergencyLine.normal(body));
    }

    /** The person paged at {@code from} texted OK: the pages they have open are theirs. How many there were. */
    public int acknowledgedByText(String from) {
        var open = emergencies("paged_phone = :phone and acknowledged_at is null", Map.of("phone", from));
        open.forEach(e -> acknowledge(e, e.pagedUsername(), "texted OK from " + from));
        return open.size();
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void opened(ConversationOpened event) {
        emergencies(
                        "customer_id = :id and paged_username = :username and acknowledged_at is null",
                        Map.of("id", event.customerId(), "username", event.username()))
                .forEach(e -> acknowledge(e, event.username(), "opened the conversation in Kontrol"));
    }

    private void acknowledge(Emergency e, String username, String how) {
        var now = OffsetDateTime.now(clock);
        var done = jdbc.sql("update emergencies set acknowledged_by = :username, acknowledged_at = :now,"
                        + " next_page_at = null where id = :id and acknowledged_at is null")
                .param("username", username)
                .param("now", now)
                .param("id", e.id())
                .update();
        if (done == 1) {
            notes.add(
                    e.customerId(),
                    "Emergency acknowledged by " + username + " at " + times.format(now, "HH:mm") + " (" + how
                            + "): no one else is paged.",
                    NOTE_BY);
        }
    }

    private List<Emergency> emergencies(String where, Map<String, ?> params) {
        return jdbc.sql("select id, customer_id, message_id, step, paged_username from emergencies where " + where)
                .params(params)
                .query((rs, n) ->
                        new Emergency(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getString(5)))
                .list();
    }
}
