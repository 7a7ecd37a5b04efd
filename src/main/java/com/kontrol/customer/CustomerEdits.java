package com.kontrol.customer;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import com.kontrol.web.PreconditionFailedException;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An integration's changes to customers (issue 36): a PATCH of the fields it names (refused with 412 when its
 * {@code If-Match} is not the current ETag), a create-or-update by its own reference that changes nothing when nothing
 * differs, and a delete that archives a customer with a history. Each change is audited and announced ({@link
 * CustomerChanged}). A number's consent stays the number's: moving an opted-out number to another customer keeps it
 * out.
 */
@Service
class CustomerEdits {

    enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    record Result(Customer customer, CustomerDirectory.Meta meta, Outcome outcome) {}

    private final Customers customers;
    private final CustomerDirectory directory;
    private final List<CustomerHistory> histories;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    CustomerEdits(
            Customers customers,
            CustomerDirectory directory,
            List<CustomerHistory> histories,
            JdbcClient jdbc,
            AuditLog audit,
            ApplicationEventPublisher events) {
        this.customers = customers;
        this.directory = directory;
        this.histories = histories;
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
    }

    @Transactional
    Result patch(long id, CustomerFields fields, String ifMatch, String by) {
        var meta = directory.lock(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
        if (ifMatch != null && !ifMatch.strip().equals("*") && !ifMatch.strip().equals(meta.etag())) {
            throw new PreconditionFailedException("The customer changed since " + ifMatch.strip() + ": it is "
                    + meta.etag() + " now. Read it again and apply your change to what it is.");
        }
        return apply(id, meta, fields, by);
    }

    /** Creates the customer with this reference, or updates the one that has it; one at a time per reference. */
    @Transactional
    Result upsert(String externalRef, CustomerFields fields, String by) {
        var ref = externalRef == null ? "" : externalRef.strip();
        if (ref.isEmpty() || ref.length() > CustomerFields.MAX_REF) {
            throw new InvalidInputException("The reference is 1 to " + CustomerFields.MAX_REF + " characters.");
        }
        if (fields.externalRef().isPresent() && !fields.externalRef().get().equals(Optional.of(ref))) {
            throw new InvalidInputException("externalRef in the body differs from the one in the path.");
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtext('customer-ref:' || :ref))")
                .param("ref", ref)
                .query(rs -> {});
        var existing = directory.byRef(ref);
        if (existing.isPresent()) {
            return apply(
                    existing.get().id(), directory.lock(existing.get().id()).orElseThrow(), fields, by);
        }
        var name = fields.name().orElseThrow(() -> new InvalidInputException("A new customer needs a name."));
        var created = customers.add(
                name,
                fields.phones().orElse(List.of()),
                fields.smsEnabled().orElse(true),
                fields.address().flatMap(a -> a).orElse(null));
        setRef(created.id(), Optional.of(ref));
        audit.record(by, AuditAction.CUSTOMER_CHANGED, created.id(), "Created the customer for reference " + ref);
        events.publishEvent(new CustomerChanged(created.id(), ref, "created", by));
        return new Result(created, directory.meta(created.id()).orElseThrow(), Outcome.CREATED);
    }

    /** Deletes a customer without a history; archives one with texts or jobs. "deleted" or "archived". */
    @Transactional
    String delete(long id, String by) {
        var meta = directory.lock(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
        if (histories.stream().anyMatch(h -> h.has(id))) {
            if (!meta.archived()) {
                jdbc.sql("update customers set archived_at = now(), updated_at = now() where id = :id")
                        .param("id", id)
                        .update();
                audit.record(by, AuditAction.CUSTOMER_CHANGED, id, "Archived the customer (kept for their history)");
                events.publishEvent(new CustomerChanged(id, meta.externalRef(), "archived", by));
            }
            return "archived";
        }
        jdbc.sql("delete from customers where id = :id").param("id", id).update();
        audit.record(by, AuditAction.CUSTOMER_CHANGED, null, "Deleted customer " + id + " (no texts or jobs)");
        events.publishEvent(new CustomerChanged(id, meta.externalRef(), "deleted", by));
        return "deleted";
    }

    private Result apply(long id, CustomerDirectory.Meta meta, CustomerFields fields, String by) {
        var now = customers.findById(id).orElseThrow();
        var name = fields.name().orElse(now.name());
        var phones = fields.phones().orElse(now.phones());
        var sms = fields.smsEnabled().orElse(now.smsEnabled());
        var address = fields.address().isPresent() ? fields.address().get().orElse(null) : now.address();
        var ref =
                fields.externalRef().isPresent() ? fields.externalRef().get() : Optional.ofNullable(meta.externalRef());
        var changed = new java.util.ArrayList<String>();
        if (!name.equals(now.name())) changed.add("name");
        if (!phones.stream()
                .map(PhoneNumber::e164)
                .toList()
                .equals(now.phones().stream().map(PhoneNumber::e164).toList())) changed.add("numbers");
        if (sms != now.smsEnabled()) changed.add("SMS");
        if (!java.util.Objects.equals(address, now.address())) changed.add("address");
        if (!ref.equals(Optional.ofNullable(meta.externalRef()))) changed.add("reference");
        if (changed.isEmpty()) {
            return new Result(now, meta, Outcome.UNCHANGED);
        }
        var updated = customers.update(id, name, phones, sms, address);
        if (changed.contains("reference")) {
            setRef(id, ref);
        }
        if (meta.archived()) { // changed again by the integration: in use again
            jdbc.sql("update customers set archived_at = null where id = :id")
                    .param("id", id)
                    .update();
        }
        audit.record(by, AuditAction.CUSTOMER_CHANGED, id, "Changed the customer's " + String.join(", ", changed));
        events.publishEvent(new CustomerChanged(id, ref.orElse(null), "updated", by));
        return new Result(updated, directory.meta(id).orElseThrow(), Outcome.UPDATED);
    }

    private void setRef(long id, Optional<String> ref) {
        var holder = ref.flatMap(directory::byRef).filter(m -> m.id() != id);
        if (holder.isPresent()) {
            throw new ConflictException("The reference " + ref.get() + " belongs to customer "
                    + holder.get().id() + ".");
        }
        try {
            jdbc.sql("update customers set external_ref = :ref where id = :id")
                    .param("ref", ref.orElse(null))
                    .param("id", id)
                    .update();
        } catch (org.springframework.dao.DuplicateKeyException e) { // given to another customer meanwhile
            throw new ConflictException("The reference " + ref.orElse("") + " belongs to another customer.");
        }
    }
}
