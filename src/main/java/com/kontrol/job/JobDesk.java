package com.kontrol.job;

import com.kontrol.customer.Customers;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Opens jobs and moves them through their statuses, announcing each change as a {@link JobStatusChanged}. */
@Service
public class JobDesk {

    static final int MAX_TITLE = 200;

    private final Jobs jobs;
    private final Customers customers;
    private final ApplicationEventPublisher events;

    JobDesk(Jobs jobs, Customers customers, ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.customers = customers;
        this.events = events;
    }

    @Transactional
    public Job open(long customerId, String title, String openedBy) {
        var clean = title == null ? "" : title.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException("Enter a title for the job.");
        }
        if (clean.length() > MAX_TITLE) {
            throw new InvalidInputException("The title is too long (at most " + MAX_TITLE + " characters).");
        }
        if (!customers.exists(customerId)) {
            throw new InvalidInputException("There is no customer " + customerId + ".");
        }
        return jobs.add(customerId, clean, openedBy);
    }

    @Transactional
    public Job changeStatus(long jobId, JobStatus to, String changedBy) {
        var change = jobs.changeStatus(jobId, to, changedBy)
                .orElseThrow(() -> new NotFoundException("There is no job " + jobId + "."));
        if (change.from() != change.to()) {
            events.publishEvent(change);
        }
        return jobs.findById(jobId).orElseThrow();
    }
}
