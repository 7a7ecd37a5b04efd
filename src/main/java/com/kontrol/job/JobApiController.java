package com.kontrol.job;

import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.math.BigDecimal;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** {@code /api/v1/jobs}: open a job, read it, change its status. */
@ApiController("/api/v1/jobs")
class JobApiController {

    private final Jobs jobs;
    private final JobDesk desk;
    private final PortalLinks portal;
    private final Approvals approvals;

    JobApiController(Jobs jobs, JobDesk desk, PortalLinks portal, Approvals approvals) {
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
            List<ApprovalJson> approvalRequests) {}

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
                approvals.ofJob(job.id()).stream().map(ApprovalJson::of).toList());
    }
}
