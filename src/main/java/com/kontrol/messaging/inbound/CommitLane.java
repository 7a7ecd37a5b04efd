package com.kontrol.messaging.inbound;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One of the {@link GroupCommit}'s writers: it takes a group from the {@link GroupQueue} it shares with the others and
 * stores it in one transaction, on a connection of its own.
 *
 * <p>Two threads, one after the other, like an assembly line: the writer stores a group and commits it, then hands
 * it to the announcer, which runs what follows the commit (the after-hours reply, alerts, …) and answers the group's
 * callers. While the announcer works on one group, the writer already stores the next, so neither waits for the
 * other's part: the database's round trips and the listeners' work overlap instead of adding up.
 */
final class CommitLane {

    private static final Logger log = LoggerFactory.getLogger(CommitLane.class);
    /**
     * Committed groups waiting for the announcer; when it falls this far behind, the writer waits for it. Small: what
     * waits here is stored but not yet followed up, which a crash would lose (a retry finds the text stored).
     */
    static final int ANNOUNCER_BACKLOG = 2;

    /** An item to store; {@code order} is its {@link GroupCommit.Work#orderOf}, never null. */
    record Job(
            Object item,
            Object order,
            GroupCommit.Work<Object, Object> work,
            CompletableFuture<Object> done,
            long queuedAt) {}

    /** Jobs of one transaction, committed at {@code at} (nanoTime): their work's results in the same order, to announce. */
    private record Committed(List<Job> jobs, List<Object> results, long at) {}

    private static final Committed END = new Committed(List.of(), List.of(), 0);

    /** What the lanes measure: where a text's time goes between its hand-over and its answer. */
    record Meters(DistributionSummary batch, Timer untilCommitted, Timer store, Timer announce) {}

    private final GroupQueue queue;
    private final int index;
    private final BlockingQueue<Committed> committed = new LinkedBlockingQueue<>();
    private final Semaphore backlog = new Semaphore(ANNOUNCER_BACKLOG);
    private final TransactionTemplate transactions;
    private final Meters meters;
    private volatile boolean running;
    private Thread writer;
    private Thread announcer;

    CommitLane(GroupQueue queue, int index, TransactionTemplate transactions, Meters meters) {
        this.queue = queue;
        this.index = index;
        this.transactions = transactions;
        this.meters = meters;
    }

    /** In a transaction of its own. */
    static List<Object> storeEach(
            TransactionTemplate transactions, List<Object> items, GroupCommit.Work<Object, Object> work) {
        return transactions.execute(status -> results(items, work));
    }

    private static List<Object> results(List<Object> items, GroupCommit.Work<Object, Object> work) {
        var results = work.store(items);
        if (results.size() != items.size()) {
            throw new IllegalStateException(items.size() + " items gave " + results.size() + " results");
        }
        return results;
    }

    /** Each run of consecutive jobs with the same work is one call of it; the results of the batch, in order. */
    private static List<Object> store(List<Job> batch) {
        var out = new ArrayList<Object>(batch.size());
        forEachRun(
                batch,
                (from, to) -> out.addAll(
                        results(items(batch, from, to), batch.get(from).work())));
        return out;
    }

    /** The batch stored in one statement that commits on its own, when its one work can ({@link GroupCommit.Work#storeAtOnce}). */
    private static Optional<List<Object>> atOnce(List<Job> batch) {
        var work = batch.get(0).work();
        if (batch.stream().anyMatch(job -> job.work() != work)) {
            return Optional.empty();
        }
        var results = work.storeAtOnce(items(batch, 0, batch.size()));
        if (results.isPresent() && results.get().size() != batch.size()) {
            throw new IllegalStateException(
                    batch.size() + " items gave " + results.get().size() + " results");
        }
        return results;
    }

    private static void announce(Committed group) {
        forEachRun(
                group.jobs(),
                (from, to) ->
                        announce(group.jobs().get(from).work(), group.results().subList(from, to)));
    }

    static void announce(GroupCommit.Work<Object, Object> work, List<Object> results) {
        try {
            work.committed(results);
        } catch (RuntimeException | Error e) {
            // Stored all the same: the caller is answered, so that Twilio does not send again what is already here.
            log.error("What follows {} stored texts failed after their commit", results.size(), e);
        }
    }

    private interface Run {
        void of(int from, int to);
    }

    private static void forEachRun(List<Job> jobs, Run run) {
        int from = 0;
        while (from < jobs.size()) {
            var work = jobs.get(from).work();
            int to = from;
            while (to < jobs.size() && jobs.get(to).work() == work) {
                to++;
            }
            run.of(from, to);
            from = to;
        }
    }

    private static List<Object> items(List<Job> jobs, int from, int to) {
        return jobs.subList(from, to).stream().map(Job::item).toList();
    }

    private void writeLoop() {
        try {
            while (running || !queue.isEmpty()) {
                var group = queue.take(index, GroupCommit.MAX_BATCH, TimeUnit.MILLISECONDS.toNanos(200));
                if (group.isEmpty()) {
                    continue;
                }
                try {
                    write(group);
                } catch (Error e) { // the next group may fare better; these callers answer 503 and Twilio retries
                    log.error("Could not store a group of {} texts", group.size(), e);
                    group.forEach(job -> job.done().completeExceptionally(e));
                    queue.release(group);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            boolean interrupted = Thread.interrupted(); // so that the announcer still hears the end
            committed.add(END); // without a permit: the announcer's last group, whatever the backlog
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write(List<Job> batch) throws InterruptedException {
        try {
            long started = System.nanoTime();
            var results = atOnce(batch).orElseGet(() -> transactions.execute(status -> store(batch)));
            long now = System.nanoTime();
            if (index == 0) {
                queue.stored(now - started);
            }
            meters.store().record(now - started, TimeUnit.NANOSECONDS);
            meters.batch().record(batch.size());
            for (var job : batch) {
                meters.untilCommitted().record(now - job.queuedAt(), TimeUnit.NANOSECONDS);
            }
            handOver(new Committed(batch, results, now));
        } catch (RuntimeException e) {
            // One bad item (or a race with another lane or instance) spoils the shared transaction: store each alone.
            log.warn("A group of {} texts failed together ({}); storing each on its own", batch.size(), e.toString());
            log.debug("Why the group failed", e);
            for (var job : batch) {
                try {
                    var results = storeEach(transactions, List.of(job.item()), job.work());
                    handOver(new Committed(List.of(job), results, System.nanoTime()));
                } catch (RuntimeException single) {
                    job.done().completeExceptionally(single);
                    queue.release(List.of(job));
                }
            }
        }
    }

    /** To the announcer, once it has fewer than {@link #ANNOUNCER_BACKLOG} groups to go. */
    private void handOver(Committed group) throws InterruptedException {
        backlog.acquire();
        committed.add(group);
    }

    private void announceLoop() {
        while (true) {
            Committed group;
            try {
                group = committed.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (group == END) {
                return;
            }
            announce(group);
            for (int i = 0; i < group.jobs().size(); i++) {
                group.jobs().get(i).done().complete(group.results().get(i));
            }
            meters.announce().record(System.nanoTime() - group.at(), TimeUnit.NANOSECONDS);
            queue.release(group.jobs()); // announced: the senders' next texts may go on any writer
            backlog.release();
        }
    }

    void start(String name) {
        running = true;
        writer = new Thread(this::writeLoop, name);
        writer.setDaemon(true);
        announcer = new Thread(this::announceLoop, name + "-announcer");
        announcer.setDaemon(true);
        announcer.start();
        writer.start();
    }

    /** The writer drains what is queued, then the announcer what is committed; then both end. */
    void stopTaking() {
        running = false;
    }

    void awaitEnd(long millis) throws InterruptedException {
        writer.join(millis);
        announcer.join(millis);
    }
}
