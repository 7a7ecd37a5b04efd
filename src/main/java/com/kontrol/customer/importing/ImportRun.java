package com.kontrol.customer.importing;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.web.ConflictException;
import com.kontrol.web.NotFoundException;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Runs a confirmed import in the background, one at a time: plans it again against the customers as they are then
 * (someone may have added one since the preview), writes it in slices of {@link #SLICE} customers, each slice its own
 * transaction with the progress, and records the outcome. The instance holds its runs by a lease it renews; a run that
 * a stop cut short is marked failed by any instance once the lease ran out (within {@link CustomerImports#LEASE}), with
 * what it had written, which the undo takes back like any other.
 */
@Service
class ImportRun {

    static final int SLICE = 500;
    /** How often this instance renews the leases of its runs: a quarter of {@link CustomerImports#LEASE}. */
    static final long RENEW_MILLIS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(ImportRun.class);

    private final CustomerImports imports;
    private final ImportPlanner planner;
    private final ImportWriter writer;
    private final AuditLog audit;

    /** Imports confirmed on this instance and not yet ended, queued or being written: the leases it renews. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        var thread = new Thread(r, "customer-import");
        thread.setDaemon(true);
        return thread;
    });

    // Renewals on a thread of their own: the shared scheduler's one thread also runs the data retention, which can
    // take minutes, and a lease not renewed meanwhile would let another instance take a live run as stopped.
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(r -> {
        var thread = new Thread(r, "customer-import-lease");
        thread.setDaemon(true);
        return thread;
    });

    ImportRun(CustomerImports imports, ImportPlanner planner, ImportWriter writer, AuditLog audit) {
        this.imports = imports;
        this.planner = planner;
        this.writer = writer;
        this.audit = audit;
        leases.scheduleWithFixedDelay(this::renew, RENEW_MILLIS, RENEW_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            imports.renew(List.copyOf(held));
        } catch (RuntimeException e) { // the next renewal tries again; a throw would end the renewals for good
            log.warn("Could not renew the leases of imports {}", held, e);
        }
    }

    /** Starts the import (once: a second confirm is refused) and returns at once; its page follows the progress. */
    void confirm(long id, String by) {
        var found = imports.find(id).orElseThrow(() -> new NotFoundException("There is no import " + id + "."));
        if (!imports.start(id)) {
            throw new ConflictException("The import of " + found.fileName() + " is " + found.state()
                    + ": it can be confirmed once, after its columns are mapped.");
        }
        held.add(id);
        runner.execute(() -> {
            try {
                run(id, by);
            } finally {
                held.remove(id);
            }
        });
    }

    private void run(long id, String by) {
        var found = imports.find(id).orElseThrow();
        try {
            var content = imports.content(id).orElseThrow();
            var file = CsvFile.read(content, found.charset(), found.delimiter());
            var mapping = ColumnMapping.ofCode(found.mapping(), file.header().size());
            var plan = planner.plan(file, mapping);
            var targets = plan.toWrite();
            imports.planned(id, targets.size(), plan, plan.refusedCsv());
            for (int i = 0; i < targets.size(); i += SLICE) {
                var slice = targets.subList(i, Math.min(targets.size(), i + SLICE));
                writer.write(id, found.fileName(), slice, by);
                if (!imports.wrote(id, slice.size())) {
                    log.warn(
                            "Import {} of {} was taken as stopped (its lease ran out): not written further",
                            id,
                            found.fileName());
                    return;
                }
            }
            writer.optOutsOnly(found.fileName(), plan.withOptOuts(), by);
            imports.finished(id, null);
            var counts = plan.counts();
            audit.record(
                    by,
                    AuditAction.CUSTOMERS_IMPORTED,
                    null,
                    "Imported " + found.fileName() + " (import " + id + "): "
                            + counts.get(ImportPlan.Action.CREATE) + " lines created customers, "
                            + counts.get(ImportPlan.Action.UPDATE) + " updated, "
                            + counts.get(ImportPlan.Action.MERGE) + " merged, "
                            + counts.get(ImportPlan.Action.UNCHANGED) + " changed nothing, "
                            + counts.get(ImportPlan.Action.REFUSED) + " refused; " + plan.newOptOuts
                            + " numbers opted out");
        } catch (RuntimeException e) {
            log.warn("Import {} of {} failed", id, found.fileName(), e);
            imports.finished(id, "The import stopped: " + e.getMessage() + ". What it wrote before can be undone.");
            audit.record(
                    by,
                    AuditAction.CUSTOMERS_IMPORTED,
                    null,
                    "Import " + id + " of " + found.fileName() + " failed: " + e.getMessage());
        }
    }

    /**
     * Marks failed the runs whose lease ran out, cut short by a stop of their instance (this one's before a restart,
     * or another's), with what they wrote kept for the undo. (This instance's own are renewed on their own thread.)
     */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelay = RENEW_MILLIS, initialDelay = RENEW_MILLIS)
    void markAbandoned() {
        for (long id : imports.abandoned(
                "Kontrol stopped during the run. What it wrote before can be undone; then import the file again.")) {
            log.warn("Import {} was cut short by a stop of Kontrol: marked failed", id);
        }
    }

    @PreDestroy
    void stop() {
        leases.shutdownNow();
        runner.shutdownNow();
    }
}
