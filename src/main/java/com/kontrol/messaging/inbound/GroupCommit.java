package com.kontrol.messaging.inbound;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores texts that arrive at the same moment in one transaction. Each caller still waits until its own text is
 * committed and announced, so a 200 to Twilio always means "stored, and what follows from it has run" (or failed
 * and been logged: the text is stored all the same); the database does one commit for many texts instead of one each,
 * which is what lets the webhook keep up with bursts.
 *
 * <p>Two threads, one after the other, like an assembly line: the writer stores a group and commits it, then hands
 * it to the announcer, which runs what follows the commit (the after-hours reply, alerts, …) and answers the group's
 * callers. While the announcer works on one group, the writer already stores the next, so neither waits for the
 * other's part: the database's round trips and the listeners' work overlap instead of adding up.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    static final int MAX_BATCH = 200;
    /** How long stopping waits for what is queued and committed to be finished. */
    static final long WAIT_SECONDS = 10;
    /**
     * Committed groups waiting for the announcer; when it falls this far behind, the writer waits for it. Small: what
     * waits here is stored but not yet followed up, which a crash would lose (a retry finds the text stored).
     */
    static final int ANNOUNCER_BACKLOG = 2;

    /**
     * What a group is stored with. {@link #store} runs in the group's transaction with the items of the group that
     * share this work (the same instance), in order, and answers their results in that order, so a group's rows can
     * go to the database together; {@link #committed} gets those results after the commit, outside any transaction.
     */
    interface Work<T, R> {
        List<R> store(List<T> items);

        void committed(List<R> results);
    }

    private record Job(Object item, Work<Object, Object> work, CompletableFuture<Object> done, long queuedAt) {}

    /** Jobs of one transaction, committed: their work's results in the same order, to announce. */
    private record Committed(List<Job> jobs, List<Object> results) {}

    private static final Committed END = new Committed(List.of(), List.of());

    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<Committed> committed = new LinkedBlockingQueue<>();
    private final Semaphore backlog = new Semaphore(ANNOUNCER_BACKLOG);
    private final TransactionTemplate transactions;
    private final DistributionSummary batchSize;
    private final Timer wait;
    private final long waitNanos;
    private volatile boolean running;
    private Thread writer;
    private Thread announcer;

    GroupCommit(TransactionTemplate transactions, MeterRegistry meters, SpoolSettings settings) {
        this.transactions = transactions;
        this.waitNanos = settings.waitForDatabase().toNanos();
        this.batchSize = DistributionSummary.builder("kontrol.inbound.group.commit.batch")
                .description("Texts stored by one commit")
                .publishPercentileHistogram()
                .maximumExpectedValue((double) MAX_BATCH)
                .register(meters);
        this.wait = Timer.builder("kontrol.inbound.group.commit.wait")
                .description("Time from a text being handed over to its commit")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Stores {@code item} with {@code work} in a transaction shared with whatever else arrives meanwhile, and returns
     * its result once that transaction has committed and {@link Work#committed} has run for its group.
     *
     * @throws IllegalStateException when the item could not be stored within {@code kontrol.spool.wait-for-database}
     *     (it may still be, later: the caller spools it, and its replay finds it stored)
     */
    <T, R> R submit(T item, Work<T, R> work) {
        var done = submitLater(item, work);
        try {
            return done.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not store the text", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Storing the text took too long", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing the text", e);
        }
    }

    /**
     * Queues {@code item} as {@link #submit} does, without waiting for it: its result once its group has committed and
     * been announced. Items queued one after the other are stored in that order.
     */
    @SuppressWarnings("unchecked")
    <T, R> CompletableFuture<R> submitLater(T item, Work<T, R> work) {
        var anyWork = (Work<Object, Object>) (Work<?, ?>) work;
        if (!running) { // not started (or stopping): store it on this thread
            var results = storeEach(List.of(item), anyWork);
            announce(anyWork, results);
            return CompletableFuture.completedFuture((R) results.get(0));
        }
        var job = new Job(item, anyWork, new CompletableFuture<>(), System.nanoTime());
        queue.add(job);
        return (CompletableFuture<R>) (CompletableFuture<?>) job.done();
    }

    /** In a transaction of its own. */
    private List<Object> storeEach(List<Object> items, Work<Object, Object> work) {
        return transactions.execute(status -> results(items, work));
    }

    private static List<Object> results(List<Object> items, Work<Object, Object> work) {
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

    private static void announce(Committed group) {
        forEachRun(
                group.jobs(),
                (from, to) ->
                        announce(group.jobs().get(from).work(), group.results().subList(from, to)));
    }

    private static void announce(Work<Object, Object> work, List<Object> results) {
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
        var batch = new ArrayList<Job>(MAX_BATCH);
        try {
            while (running || !queue.isEmpty()) {
                var first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                var group = List.copyOf(batch);
                batch.clear();
                try {
                    write(group);
                } catch (Error e) { // the next group may fare better; these callers answer 503 and Twilio retries
                    log.error("Could not store a group of {} texts", group.size(), e);
                    group.forEach(job -> job.done().completeExceptionally(e));
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
            var results = transactions.execute(status -> store(batch));
            batchSize.record(batch.size());
            long now = System.nanoTime();
            for (var job : batch) {
                wait.record(now - job.queuedAt(), TimeUnit.NANOSECONDS);
            }
            handOver(new Committed(batch, results));
        } catch (RuntimeException e) {
            // One bad item (or a race with another instance) spoils the shared transaction: store each on its own.
            log.warn("A group of {} texts failed together ({}); storing each on its own", batch.size(), e.toString());
            log.debug("Why the group failed", e);
            for (var job : batch) {
                try {
                    var results = storeEach(List.of(job.item()), job.work());
                    handOver(new Committed(List.of(job), results));
                } catch (RuntimeException single) {
                    job.done().completeExceptionally(single);
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
            backlog.release();
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, "group-commit");
        writer.setDaemon(true);
        announcer = new Thread(this::announceLoop, "group-commit-announcer");
        announcer.setDaemon(true);
        announcer.start();
        writer.start();
    }

    @Override
    public void stop() {
        running = false; // the writer drains what is queued, then the announcer what is committed; then both end
        try {
            writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            announcer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server takes requests and stops after it has finished them. */
    @Override
    public int getPhase() {
        return 0;
    }
}
