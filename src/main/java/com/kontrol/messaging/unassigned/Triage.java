package com.kontrol.messaging.unassigned;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.InboxChanged;
import com.kontrol.messaging.UnassignedNumberAssigned;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What staff decide about an unknown number: assign it to a customer (its texts join the customer's thread, and later
 * ones go there directly), or dismiss it (kept, and back in the inbox with the next text), or block it (kept, never
 * shown again), or bring it back.
 */
@Service
class Triage {

    private final JdbcClient jdbc;
    private final UnassignedNumbers unassigned;
    private final Customers customers;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    Triage(
            JdbcClient jdbc,
            UnassignedNumbers unassigned,
            Customers customers,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.unassigned = unassigned;
        this.customers = customers;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
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
    Assignment assign(String phone, long customerId, String by) {
        var number = phoneNumber(phone);
        var customer = customers
                .findById(customerId)
                .orElseThrow(() -> new InvalidInputException("There is no customer " + customerId + "."));
        var now = OffsetDateTime.now(clock);
        try {
            transactions.executeWithoutResult(status -> {
                var params = Map.<String, Object>of("phone", phone, "customerId", customerId, "by", by, "now", now);
                if (jdbc.sql(CLAIM).params(params).update() == 0) {
                    var already = unassigned.assignment(phone);
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
            throw alreadyAssigned(unassigned.assignment(phone).orElseThrow(() -> e));
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
    Assignment assignToNewCustomer(String phone, String name, String by) {
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
    void dismiss(String phone, String by, boolean block) {
        if (unassigned.conversation(phone).isEmpty()) {
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
    void restore(String phone, String by) {
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
