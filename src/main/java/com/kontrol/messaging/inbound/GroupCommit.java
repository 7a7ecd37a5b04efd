package com.kontrol.messaging.inbound;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores texts that arrive at the same moment in one transaction. Each caller still waits until its own text is
 * committed and announced, so a 200 to Twilio always means "stored, and what follows from it has run" (or failed
 * and been logged: the text is stored all the same); the database does one commit for many texts instead of one each,
 * which is what lets the webhook keep up with bursts.
 *
 * <p>Up to {@code kontrol.inbound.writers} groups at once ({@link CommitLane}s, each with its own connection), taken
 * from one {@link GroupQueue}: while a group waits for a distant database's round trips or a slow disk's flush, the
 * texts that arrive meanwhile go on their way on another writer instead of waiting for it, so the rate does not fall
 * with the database's distance; with a database close by, one writer keeps up and groups stay large. One customer's
 * texts ({@link Work#orderOf}) are stored one after the other, in the order they came.
 */
@Component
class GroupCommit implements SmartLifecycle {

    static final int MAX_BATCH = 200;
    /** How long stopping waits for what is queued and committed to be finished. */
    static final long WAIT_SECONDS = 10;

    /**
     * What a group is stored with. {@link #store} runs in the group's transaction with the items of the group that
     * share this work (the same instance), in order, and answers their results in that order, so a group's rows can
     * go to the database together; {@link #committed} gets those results after the commit, outside any transaction.
     */
    interface Work<T, R> {
        List<R> store(List<T> items);

        void committed(List<R> results);

        /**
         * Stores {@code items} without a transaction, when they need none: in one statement that commits on its own
         * (one round trip to the database); empty, having written nothing, when they need {@link #store}'s
         * transaction.
         */
        default Optional<List<R>> storeAtOnce(List<T> items) {
            return Optional.empty();
        }

        /**
         * What keeps an item's order: items with equal keys are stored in the order they were queued, others may be
         * stored at the same time in different transactions. Null goes with every other null.
         */
        Object orderOf(T item);
    }

    /** No order given: such items keep theirs among themselves. */
    private static final Object NO_ORDER = new Object();

    private final TransactionTemplate transactions;
    private final GroupQueue queue;
    private final CommitLane[] lanes;
    private final long waitNanos;
    private volatile boolean running;

    GroupCommit(
            TransactionTemplate transactions,
            MeterRegistry registry,
            SpoolSettings settings,
            @Value("${kontrol.inbound.writers:1}") int writers,
            @Value("${kontrol.inbound.overflow-after:4ms}") Duration overflowAfter) {
        if (writers < 1) {
            throw new IllegalArgumentException("kontrol.inbound.writers must be at least 1, not " + writers);
        }
        this.transactions = transactions;
        this.waitNanos = settings.waitForDatabase().toNanos();
        var meters = new CommitLane.Meters(
                DistributionSummary.builder("kontrol.inbound.group.commit.batch")
                        .description("Texts stored by one commit")
                        .publishPercentileHistogram()
                        .maximumExpectedValue((double) MAX_BATCH)
                        .register(registry),
                Timer.builder("kontrol.inbound.group.commit.wait")
                        .description("Time from a text being handed over to its commit")
                        .publishPercentileHistogram()
                        .register(registry),
                Timer.builder("kontrol.inbound.group.commit.store")
                        .description("Time a writer takes to store and commit one group: the database's round trip"
                                + " and its work")
                        .publishPercentileHistogram()
                        .register(registry),
                Timer.builder("kontrol.inbound.group.commit.announce")
                        .description("Time from a group's commit to its callers' answer: what follows the texts")
                        .publishPercentileHistogram()
                        .register(registry));
        this.queue = new GroupQueue(overflowAfter.toNanos());
        this.lanes = new CommitLane[writers];
        for (int i = 0; i < writers; i++) {
            lanes[i] = new CommitLane(queue, i, transactions, meters);
        }
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
     * been announced. Items of the same {@link Work#orderOf order} queued one after the other are stored in that order.
     */
    @SuppressWarnings("unchecked")
    <T, R> CompletableFuture<R> submitLater(T item, Work<T, R> work) {
        var anyWork = (Work<Object, Object>) (Work<?, ?>) work;
        if (!running) { // not started (or stopping): store it on this thread
            var results = CommitLane.storeEach(transactions, List.of(item), anyWork);
            CommitLane.announce(anyWork, results);
            return CompletableFuture.completedFuture((R) results.get(0));
        }
        var order = anyWork.orderOf(item);
        var job = new CommitLane.Job(
                item, order == null ? NO_ORDER : order, anyWork, new CompletableFuture<>(), System.nanoTime());
        queue.add(job);
        return (CompletableFuture<R>) (CompletableFuture<?>) job.done();
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < lanes.length; i++) {
            lanes[i].start("group-commit-" + (i + 1));
        }
    }

    @Override
    public void stop() {
        running = false;
        for (var lane : lanes) {
            lane.stopTaking();
        }
        try {
            for (var lane : lanes) {
                lane.awaitEnd(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
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
