package com.kontrol.job;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customers;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Jobs as an integration keeps them in step (issue 36): listed by customer and status, and created or updated by the
 * integration's own reference in one idempotent call. A status it moves notifies the customer as any status change
 * does; a call that changes nothing writes nothing.
 */
@Service
class JobSync {

    record Upsert(Job job, boolean created) {}

    private final Jobs jobs;
    private final JobDesk desk;
    private final Customers customers;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    JobSync(Jobs jobs, JobDesk desk, Customers customers, JdbcClient jdbc, AuditLog audit) {
        this.jobs = jobs;
        this.desk = desk;
        this.customers = customers;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Jobs after id {@code after}, oldest first, of a customer and in a status when given. */
    List<Job> list(Long customerId, JobStatus status, long after, int limit) {
        return jdbc
                .sql("""
                        select id from jobs
                        where id > :after
                          and (cast(:customerId as bigint) is null or customer_id = :customerId)
                          and (cast(:status as varchar) is null or status = :status)
                        order by id limit :limit
                        """)
                .param("after", after)
                .param("customerId", customerId)
                .param("status", status == null ? null : status.name())
                .param("limit", limit)
                .query(Long.class)
                .list()
                .stream()
                .map(id -> jobs.findById(id).orElseThrow())
                .toList();
    }

    /**
     * The job with this reference: created for the customer ({@code customerId}, or the customer's own reference) with
     * the title, or updated to the title and status given.
     */
    @Transactional
    Upsert upsert(String ref, Long customerId, String customerRef, String title, JobStatus status, String by) {
        var clean = ref == null ? "" : ref.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            throw new InvalidInputException("The reference is 1 to 100 characters.");
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtext('job-ref:' || :ref))")
                .param("ref", clean)
                .query(rs -> {});
        var existing = jdbc.sql("select id from jobs where external_ref = :ref")
                .param("ref", clean)
                .query(Long.class)
                .optional()
                .flatMap(jobs::findById);
        var customer = customer(customerId, customerRef);
        if (existing.isEmpty()) {
            var job = desk.open(
                    customer.orElseThrow(() -> new InvalidInputException("A new job needs customerId or customerRef.")),
                    title,
                    by);
            jdbc.sql("update jobs set external_ref = :ref where id = :id")
                    .param("ref", clean)
                    .param("id", job.id())
                    .update();
            if (status != null && status != job.status()) {
                job = desk.changeStatus(job.id(), status, by);
            }
            return new Upsert(job, true);
        }
        var job = existing.get();
        if (customer.isPresent() && customer.get() != job.customerId()) {
            throw new ConflictException(
                    "Job " + clean + " belongs to customer " + job.customerId() + "; a job does not move.");
        }
        if (title != null && !title.strip().equals(job.title())) {
            var renamed = title.strip();
            if (renamed.isEmpty() || renamed.length() > JobDesk.MAX_TITLE) {
                throw new InvalidInputException("The title is 1 to " + JobDesk.MAX_TITLE + " characters.");
            }
            jdbc.sql("update jobs set title = :title, updated_at = now() where id = :id")
                    .param("title", renamed)
                    .param("id", job.id())
                    .update();
            audit.record(
                    by, AuditAction.JOB_CHANGED, job.customerId(), "Renamed job " + job.number() + " to " + renamed);
        }
        if (status != null && status != job.status()) {
            desk.changeStatus(job.id(), status, by);
        }
        return new Upsert(jobs.findById(job.id()).orElseThrow(), false);
    }

    /** The integration's reference of the job, or null. */
    String refOf(long jobId) {
        return jdbc.sql("select external_ref from jobs where id = :id")
                .param("id", jobId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private Optional<Long> customer(Long customerId, String customerRef) {
        if (customerId != null) {
            return Optional.of(customerId);
        }
        if (customerRef != null && !customerRef.isBlank()) {
            return Optional.of(customers
                    .idByRef(customerRef.strip())
                    .orElseThrow(() ->
                            new InvalidInputException("No customer has the reference " + customerRef.strip() + ".")));
        }
        return Optional.empty();
    }
}
