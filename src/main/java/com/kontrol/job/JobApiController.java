package com.kontrol.job;

import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.math.BigDecimal;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/** {@code /api/v1/jobs}: open a job, read it, change its status. */
@ApiController("/api/v1/jobs")
class JobApiController {

    private final Jobs jobs;
    private final JobDesk desk;
    private final PortalLinks portal;
    private final Approvals approvals;
    private final JobSync sync;

    JobApiController(Jobs jobs, JobDesk desk, PortalLinks portal, Approvals approvals, JobSync sync) {
        this.sync = sync;
        this.approvals = approvals;
        this.jobs = jobs;
        this.desk = desk;
        this.portal = portal;
    }

    record NewJob(Long customerId, String title) {}

    record StatusPatch(String status) {}

    record ApprovalJson(long id, long jobId, String summary, BigDecimal amount, String status, String decidedVia) {
        static ApprovalJson of(ApprovalRequest r) {
            return new ApprovalJson(r.id(), r.jobId(), r.summary(), r.amount(), r.status(), r.decidedVia());
        }
    }

    record JobJson(
            long id,
            long number,
            String title,
            String status,
            long customerId,
            String portalUrl,
            String externalRef,
            List<ApprovalJson> approvalRequests) {}

    /** For {@code PUT /by-ref/{ref}}: the customer (by id or by their reference) to create it for, title, status. */
    record JobUpsert(Long customerId, String customerRef, String title, String status) {}

    record NewApproval(String summary, BigDecimal amount) {}

    @PostMapping("/{id}/approval-requests")
    @ResponseStatus(HttpStatus.CREATED)
    ApprovalJson requestApproval(@PathVariable long id, @RequestBody NewApproval body, Principal user) {
        return ApprovalJson.of(approvals.request(id, body.summary(), body.amount(), user.getName()));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    JobJson create(@RequestBody NewJob body, Principal user) {
        if (body.customerId() == null) {
            throw new InvalidInputException("customerId is required.");
        }
        return json(desk.open(body.customerId(), body.title(), user.getName()));
    }

    /** Jobs oldest first after id {@code after}, of a customer and in a status when given. */
    @GetMapping
    Map<String, Object> list(
            @RequestParam(required = false) Long customerId,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidInputException("limit is 1 to 500, not " + limit + ".");
        }
        var found = sync.list(customerId, status == null ? null : status(status), after, limit);
        var out = new LinkedHashMap<String, Object>();
        out.put("jobs", found.stream().map(this::json).toList());
        out.put("next", found.size() == limit ? found.get(found.size() - 1).id() : null);
        return out;
    }

    /** 201 when it created the job, 200 when it updated it or found nothing to change. */
    @PutMapping("/by-ref/{externalRef}")
    ResponseEntity<JobJson> upsert(@PathVariable String externalRef, @RequestBody JobUpsert body, Principal user) {
        var result = sync.upsert(
                externalRef,
                body.customerId(),
                body.customerRef(),
                body.title(),
                body.status() == null ? null : status(body.status()),
                user.getName());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(json(result.job()));
    }

    private static JobStatus status(String code) {
        return JobStatus.fromCode(code)
                .orElseThrow(() -> new InvalidInputException(
                        "\"" + code + "\" is not a job status; use one of " + JobStatus.codes() + "."));
    }

    @GetMapping("/{id}")
    JobJson get(@PathVariable long id) {
        return json(jobs.findById(id).orElseThrow(() -> new NotFoundException("There is no job " + id + ".")));
    }

    @PatchMapping("/{id}")
    JobJson patch(@PathVariable long id, @RequestBody StatusPatch body, Principal user) {
        var status = JobStatus.fromCode(body.status())
                .orElseThrow(() -> new InvalidInputException(
                        "\"" + body.status() + "\" is not a job status; use one of " + JobStatus.codes() + "."));
        return json(desk.changeStatus(id, status, user.getName()));
    }

    private JobJson json(Job job) {
        return new JobJson(
                job.id(),
                job.number(),
                job.title(),
                job.status().code(),
                job.customerId(),
                portal.of(job).orElse(null),
                sync.refOf(job.id()),
                approvals.ofJob(job.id()).stream().map(ApprovalJson::of).toList());
    }
}
