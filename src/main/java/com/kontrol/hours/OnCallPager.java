package com.kontrol.hours;

import com.kontrol.customer.Customers;
import com.kontrol.database.OwnTransaction;
import com.kontrol.messaging.ConversationOpened;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.TeamNotes;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.Times;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The emergency line at work. A customer who got the after-hours reply and then texts one of the emergency words
 * raises an emergency, which {@link OnCallRotation} pages down the rotation (by text, through the outbox, like every
 * text). The paged person acknowledges by texting OK from their phone or by opening the conversation in Kontrol, and
 * nobody else is paged. Every page and acknowledgement is a note in the thread.
 */
@Component
public class OnCallPager {

    private static final Set<String> ACKNOWLEDGEMENTS = Set.of("OK", "OKAY", "ACK", "ON IT");

    private static final String RAISE = """
            insert into emergencies (customer_id, closed_since, message_id, raised_at, step)
            select :customerId, :since, :messageId, :now, -1
            where not exists (select 1 from emergencies where customer_id = :customerId and closed_since = :since)
            """;

    private final TransactionTemplate ownTransaction;
    private final EmergencyLine line;
    private final OnCallRotation rotation;
    private final BusinessHours hours;
    private final Outbox outbox;
    private final TeamNotes notes;
    private final Customers customers;
    private final Times times;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final StaffDirectory staff;

    OnCallPager(
            StaffDirectory staff,
            EmergencyLine line,
            OnCallRotation rotation,
            BusinessHours hours,
            Outbox outbox,
            TeamNotes notes,
            Customers customers,
            Times times,
            JdbcClient jdbc,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.staff = staff;
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.line = line;
        this.rotation = rotation;
        this.hours = hours;
        this.outbox = outbox;
        this.notes = notes;
        this.customers = customers;
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

    /**
     * Whom a caller who presses 1 after hours is put through to (issue 33): the first person on the rotation with a
     * verified mobile, while the emergency line is on and the office closed; empty otherwise.
     */
    public Optional<String> onCallMobile(OffsetDateTime at) {
        var settings = line.settings();
        if (!settings.enabled() || hours.isOpen(at.toInstant())) {
            return Optional.empty();
        }
        return settings.rotation().stream()
                .map(staff::mobileOf)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * A caller said their call is an emergency (pressed 1 after hours): the rotation is paged as for an emergency text,
     * once per closed period, with the call as what raised it.
     */
    public void raiseByCall(Message call) {
        if (call.customerId() == null) {
            return; // an unknown caller: put through, but there is no thread to page about
        }
        hours.closedSince(call.createdAt().toInstant()).ifPresent(since -> raise(call, since.atOffset(ZoneOffset.UTC)));
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
        rotation.pageFirst(id, m.id(), settings, customer);
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

    /** Whether a staff member's text acknowledges a page: "OK", "ack", "on it". */
    public static boolean acknowledges(String body) {
        return body != null && ACKNOWLEDGEMENTS.contains(EmergencyLine.normal(body));
    }

    /** The person paged at {@code from} texted OK: the pages they have open are theirs. How many there were. */
    public int acknowledgedByText(String from) {
        var open = rotation.emergencies("paged_phone = :phone and acknowledged_at is null", Map.of("phone", from));
        open.forEach(e -> acknowledge(e, e.pagedUsername(), "texted OK from " + from));
        return open.size();
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void opened(ConversationOpened event) {
        rotation.emergencies(
                        "customer_id = :id and paged_username = :username and acknowledged_at is null",
                        Map.of("id", event.customerId(), "username", event.username()))
                .forEach(e -> acknowledge(e, event.username(), "opened the conversation in Kontrol"));
    }

    private void acknowledge(OnCallRotation.Emergency e, String username, String how) {
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
                    OnCallRotation.NOTE_BY);
        }
    }
}
