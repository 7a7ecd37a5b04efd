package com.kontrol.job;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approval requests on jobs: asking puts the job in "awaiting approval"; an approval moves it on to "in progress", a
 * decline puts it back where it was. Every decision records how (sms, portal, staff) and by whom, and staff can undo
 * one.
 */
@Service
public class Approvals {

    private final ApprovalRequests requests;
    private final Jobs jobs;
    private final JobDesk desk;
    private final ApplicationEventPublisher events;

    private final AuditLog audit;

    Approvals(ApprovalRequests requests, Jobs jobs, JobDesk desk, ApplicationEventPublisher events, AuditLog audit) {
        this.audit = audit;
        this.requests = requests;
        this.jobs = jobs;
        this.desk = desk;
        this.events = events;
    }

    /** What {@code numeric(12,2)} holds. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");

    @Transactional
    public ApprovalRequest request(long jobId, String summary, BigDecimal amount, String by) {
        var job = jobs.findById(jobId).orElseThrow(() -> new NotFoundException("There is no job " + jobId + "."));
        var clean = summary == null ? "" : summary.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException("Say what the customer is asked to approve (a summary).");
        }
        if (clean.length() > 500) {
            throw new InvalidInputException("The summary is too long (at most 500 characters).");
        }
        if (amount != null && amount.signum() < 0) {
            throw new InvalidInputException("The amount cannot be negative.");
        }
        if (amount != null && amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException(
                    "The amount has at most two decimals (cents), not " + amount.toPlainString() + ".");
        }
        if (amount != null && amount.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidInputException("The amount is at most " + MAX_AMOUNT.toPlainString() + ".");
        }
        if (!job.status().isOpen()) {
            throw new InvalidInputException(
                    "Job " + job.number() + " is " + job.status().label().toLowerCase() + ".");
        }
        var request = requests.add(jobId, clean, amount, job.status(), by);
        if (job.status() != JobStatus.AWAITING_APPROVAL) {
            desk.changeStatus(jobId, JobStatus.AWAITING_APPROVAL, by);
        }
        events.publishEvent(new ApprovalRequested(request, job.customerId()));
        return request;
    }

    /**
     * Records the customer's answer; empty when the request was already decided (the first answer wins).
     *
     * @param via {@code sms}, {@code portal} or {@code staff}
     */
    @Transactional
    public Optional<ApprovalRequest> decide(long requestId, boolean approve, String via, String by) {
        var request =
                requests.findById(requestId).orElseThrow(() -> new NotFoundException("No such approval request."));
        if (!requests.decide(requestId, approve ? ApprovalRequest.APPROVED : ApprovalRequest.DECLINED, via, by)) {
            return Optional.empty();
        }
        var job = jobs.findById(request.jobId()).orElseThrow();
        if (job.status() == JobStatus.AWAITING_APPROVAL
                && requests.pendingOfCustomer(job.customerId()).stream().noneMatch(r -> r.jobId() == job.id())) {
            var next = approve
                    ? JobStatus.IN_PROGRESS
                    : Optional.ofNullable(request.statusBefore())
                            .filter(s -> s != JobStatus.AWAITING_APPROVAL)
                            .orElse(JobStatus.SCHEDULED);
            desk.changeStatus(job.id(), next, by);
        }
        var decided = requests.findById(requestId).orElseThrow();
        audit.record(
                by, // "customer" for a texted or portal decision
                AuditAction.APPROVAL_DECIDED,
                job.customerId(),
                (approve ? "Approved" : "Declined") + " \"" + request.summary() + "\" on job " + job.number() + " (via "
                        + via + ")");
        events.publishEvent(new ApprovalDecided(decided, job.customerId(), false));
        return Optional.of(decided);
    }

    /** Takes a decision back: the request is open again and the job awaits approval again. */
    @Transactional
    public ApprovalRequest undo(long requestId, String by) {
        var request =
                requests.findById(requestId).orElseThrow(() -> new NotFoundException("No such approval request."));
        if (!requests.reopen(requestId)) {
            throw new InvalidInputException("This request has not been decided.");
        }
        var job = jobs.findById(request.jobId()).orElseThrow();
        if (job.status().isOpen() && job.status() != JobStatus.AWAITING_APPROVAL) {
            desk.changeStatus(job.id(), JobStatus.AWAITING_APPROVAL, by);
        }
        var reopened = requests.findById(requestId).orElseThrow();
        audit.record(
                by,
                AuditAction.APPROVAL_UNDONE,
                job.customerId(),
                "Took back the decision on \"" + request.summary() + "\" (job " + job.number() + "): pending again");
        events.publishEvent(new ApprovalDecided(reopened, job.customerId(), true));
        return reopened;
    }

    public List<ApprovalRequest> ofJob(long jobId) {
        return requests.ofJob(jobId);
    }

    /** The customer's open requests, oldest first: the order in which a text lists them. */
    public List<ApprovalRequest> pendingOfCustomer(long customerId) {
        return requests.pendingOfCustomer(customerId);
    }

    public Optional<ApprovalRequest> find(long id) {
        return requests.findById(id);
    }
}
