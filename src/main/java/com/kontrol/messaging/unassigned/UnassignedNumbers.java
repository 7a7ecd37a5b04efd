package com.kontrol.messaging.unassigned;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.InboxChanged;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.UnassignedNumberAssigned;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Communication > Messages: texts from numbers that match no customer, one conversation per number. Staff assign a
 * number to a customer (its texts join the customer's thread, and later ones go there directly), or dismiss it (kept,
 * and back in the inbox with the next text), or block it (kept, never shown again).
 */
@Service
public class UnassignedNumbers {

    public static final int PAGE = 20;

    private final JdbcClient jdbc;
    private final Messages messages;
    private final Customers customers;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    private final Clock clock;

    UnassignedNumbers(
            JdbcClient jdbc,
            Messages messages,
            Customers customers,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            AuditLog audit,
            Clock clock) {
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
        this.messages = messages;
        this.customers = customers;
        this.transactions = transactions;
        this.events = events;
    }

    // One row per unknown number. A dismissed number shows again once it texts after the dismissal; a blocked one
    // never does. The "dismissed" view shows the other side.
    private static final String CONVERSATIONS = """
            with numbers as (
                select from_address as phone, max(id) as last_id, count(*) as texts, max(created_at) as last_at
                from messages
                where customer_id is null and direction = 'inbound'
                group by from_address
            )
            select c.phone, c.last_id, c.texts, c.last_at, coalesce(n.blocked, false) as blocked
            from numbers c
            left join inbox_numbers n on n.phone = c.phone
            where ((:dismissed = false and coalesce(n.blocked, false) = false and c.last_id > coalesce(n.dismissed_up_to, 0))
                   or (:dismissed = true and (n.blocked or c.last_id <= n.dismissed_up_to)))
              and c.last_id < :before
            order by c.last_id desc
            limit :limit
            """;

    private record Row(String phone, long texts, OffsetDateTime lastAt, boolean blocked, long lastId) {}

    /** The newest conversations in the inbox, or of the dismissed and blocked numbers. */
    public List<Conversation> conversations(boolean dismissed, int limit) {
        return conversations(dismissed, Long.MAX_VALUE, limit);
    }

    /** The conversations whose latest text is older than {@code before} (a page's last {@code lastId}). */
    public List<Conversation> conversations(boolean dismissed, long before, int limit) {
        var rows = jdbc.sql(CONVERSATIONS)
                .param("dismissed", dismissed)
                .param("before", before)
                .param("limit", limit)
                .query((rs, n) -> new Row(
                        rs.getString("phone"),
                        rs.getLong("texts"),
                        rs.getObject("last_at", OffsetDateTime.class),
                        rs.getBoolean("blocked"),
                        rs.getLong("last_id")))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        var byPhone = unassignedWith(rows.stream().map(Row::phone).toList());
        return rows.stream()
                .map(r -> new Conversation(
                        r.phone(),
                        byPhone.getOrDefault(r.phone(), List.of()),
                        r.texts(),
                        r.lastAt(),
                        r.blocked(),
                        r.lastId()))
                .toList();
    }

    /** The unassigned texts from these numbers and the replies sent to them, oldest first, by number. */
    private Map<String, List<Message>> unassignedWith(List<String> phones) {
        var byPhone = new LinkedHashMap<String, List<Message>>();
        for (var m : messages.unassignedWith(phones)) {
            byPhone.computeIfAbsent(m.isInbound() ? m.from() : m.to(), k -> new ArrayList<>())
                    .add(m);
        }
        return byPhone;
    }

    private static final String COUNT = """
            select count(*) from (
                select from_address, max(id) as last_id
                from messages
                where customer_id is null and direction = 'inbound'
                group by from_address
            ) c
            left join inbox_numbers n on n.phone = c.from_address
            where coalesce(n.blocked, false) = false and c.last_id > coalesce(n.dismissed_up_to, 0)
            """;

    /** How many conversations wait in the inbox (the navigation badge). */
    public long waiting() {
        return jdbc.sql(COUNT).query(Long.class).single();
    }

    // The first of a number's texts since it was last dismissed; none while it is blocked.
    private static final String WAITING_SINCE = """
            select min(m.id)
            from messages m
            left join inbox_numbers n on n.phone = m.from_address
            where m.from_address = :phone and m.customer_id is null and m.direction = 'inbound'
              and coalesce(n.blocked, false) = false
              and m.id > coalesce(n.dismissed_up_to, 0)
            """;

    /**
     * The unknown number's wait in the inbox: the id of its first text since it was last dismissed, which stays the
     * same however often it texts until someone dismisses or assigns it. Empty when it is blocked (or has no text
     * waiting), so that nobody is alerted of it.
     */
    public Optional<Long> waitingSince(String phone) {
        return Optional.ofNullable(
                jdbc.sql(WAITING_SINCE).param("phone", phone).query(Long.class).single());
    }

    public Optional<Conversation> conversation(String phone) {
        var texts = unassignedWith(List.of(phone)).getOrDefault(phone, List.of());
        if (texts.isEmpty()) {
            return Optional.empty();
        }
        var last = texts.get(texts.size() - 1);
        return Optional.of(new Conversation(
                phone, texts, texts.stream().filter(Message::isInbound).count(), last.createdAt(), false, last.id()));
    }

    private static final String CLAIM = """
            update inbox_numbers set assigned_to = :customerId, assigned_by = :by, assigned_at = :now
            where phone = :phone and assigned_to is null
            """;

    private static final String CLAIM_NEW = """
            insert into inbox_numbers (phone, assigned_to, assigned_by, assigned_at)
            values (:phone, :customerId, :by, :now)
            """;

    private static final String MOVE = """
            update messages set customer_id = :customerId, updated_at = :now
            where customer_id is null
              and (from_address = :phone or (direction = 'outbound' and to_address = :phone))
            """;

    /**
     * Gives the number to a customer: its texts join their thread in time order, and the number is saved on the
     * customer (as their primary number if they have none), so later texts go straight there. Two people assigning
     * the same number at once get one result: the second is told who was first.
     *
     * @throws InvalidInputException for an unknown customer, a number that is not a phone number, or a number
     *     someone else has assigned meanwhile
     */
    public Assignment assign(String phone, long customerId, String by) {
        var number = phoneNumber(phone);
        var customer = customers
                .findById(customerId)
                .orElseThrow(() -> new InvalidInputException("There is no customer " + customerId + "."));
        var now = OffsetDateTime.now(clock);
        try {
            transactions.executeWithoutResult(status -> {
                var params = Map.<String, Object>of("phone", phone, "customerId", customerId, "by", by, "now", now);
                if (jdbc.sql(CLAIM).params(params).update() == 0) {
                    var already = assignment(phone);
                    if (already.isPresent()) {
                        throw alreadyAssigned(already.get());
                    }
                    jdbc.sql(CLAIM_NEW).params(params).update();
                }
                customers.addPhone(customer.id(), number);
                jdbc.sql(MOVE).params(params).update();
                audit.record(
                        by, AuditAction.INBOX_ASSIGNED, customer.id(), "Assigned " + phone + " to " + customer.name());
                events.publishEvent(new UnassignedNumberAssigned(phone, customer.id(), by)); // in this transaction
                // A number that texted STOP keeps its opt-out: consent belongs to the number, not to the customer.
            });
        } catch (DuplicateKeyException e) {
            throw alreadyAssigned(assignment(phone).orElseThrow(() -> e));
        }
        // A text routed in the instant before the number was saved on the customer joins them now.
        jdbc.sql(MOVE)
                .param("phone", phone)
                .param("customerId", customerId)
                .param("now", now)
                .update();
        events.publishEvent(new InboxChanged(phone));
        return new Assignment(phone, customerId, by, now);
    }

    /** Creates a customer for the number and assigns it to them, in one step. */
    public Assignment assignToNewCustomer(String phone, String name, String by) {
        var clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException("Enter the new customer's name.");
        }
        var customer = customers.add(clean, List.of(), true);
        return assign(phone, customer.id(), by);
    }

    private InvalidInputException alreadyAssigned(Assignment a) {
        var name = customers.findById(a.customerId()).map(Customer::name).orElse("another customer");
        return new InvalidInputException(
                "This number was just assigned to " + name + " by " + a.assignedBy() + ": nothing changed.");
    }

    private static final String ASSIGNMENT = """
            select phone, assigned_to, assigned_by, assigned_at from inbox_numbers
            where phone = :phone and assigned_to is not null
            """;

    public Optional<Assignment> assignment(String phone) {
        return jdbc.sql(ASSIGNMENT).param("phone", phone).query(Assignment::of).optional();
    }

    private static final String ASSIGNMENTS_OF = """
            select phone, assigned_to, assigned_by, assigned_at from inbox_numbers
            where assigned_to = :customerId
            order by assigned_at
            """;

    /** The numbers that were assigned to this customer from the inbox. */
    public List<Assignment> assignedTo(long customerId) {
        return jdbc.sql(ASSIGNMENTS_OF)
                .param("customerId", customerId)
                .query(Assignment::of)
                .list();
    }

    private static final String DISMISS = """
            update inbox_numbers
            set dismissed_up_to = (select coalesce(max(id), 0) from messages where from_address = :phone),
                dismissed_by = :by, dismissed_at = :now, blocked = :block
            where phone = :phone
            """;

    private static final String NEW_NUMBER = """
            insert into inbox_numbers (phone)
            select :phone where not exists (select 1 from inbox_numbers where phone = :phone)
            """;

    /** Takes the conversation out of the inbox (kept, not deleted); with {@code block}, its later texts stay out too. */
    public void dismiss(String phone, String by, boolean block) {
        if (conversation(phone).isEmpty()) {
            throw new NotFoundException("No unassigned texts from " + phone + ".");
        }
        var params = Map.<String, Object>of("phone", phone, "by", by, "now", OffsetDateTime.now(clock), "block", block);
        try {
            jdbc.sql(NEW_NUMBER).param("phone", phone).update(); // a number's first decision: its row, on its own
        } catch (DuplicateKeyException e) {
            // created meanwhile by another dismissal: fine
        }
        transactions.executeWithoutResult(status -> {
            jdbc.sql(DISMISS).params(params).update();
            audit.record(
                    by,
                    block ? AuditAction.INBOX_BLOCKED : AuditAction.INBOX_DISMISSED,
                    null,
                    (block ? "Blocked " : "Dismissed ") + phone);
        });
        events.publishEvent(new InboxChanged(phone));
    }

    private static final String RESTORE = """
            update inbox_numbers set dismissed_up_to = 0, blocked = false, dismissed_by = null, dismissed_at = null
            where phone = :phone
            """;

    /** Brings a dismissed or blocked conversation back into the inbox. */
    public void restore(String phone, String by) {
        transactions.executeWithoutResult(status -> {
            if (jdbc.sql(RESTORE).param("phone", phone).update() > 0) {
                audit.record(by, AuditAction.INBOX_RESTORED, null, "Restored " + phone + " to the inbox");
            }
        });
        events.publishEvent(new InboxChanged(phone));
    }

    private static PhoneNumber phoneNumber(String phone) {
        try {
            return PhoneNumber.ofE164(phone);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    phone + " is not a phone number (a short code or a name): it cannot be assigned.");
        }
    }
}
