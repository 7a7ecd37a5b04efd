package com.kontrol.messaging.inbound;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores texts that arrive at the same moment in one transaction. Each caller still waits until its own text is
 * committed, so a 200 to Twilio always means "stored"; the database does one commit for many texts instead of one
 * each, which is what lets the webhook keep up with bursts.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    static final int MAX_BATCH = 200;
    static final long WAIT_SECONDS = 10; // well inside Twilio's 15 s: past it, Twilio would retry anyway

    private record Job(
            Object item, Function<List<Object>, List<Object>> work, CompletableFuture<Object> done, long queuedAt) {}

    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final TransactionTemplate transactions;
    private final DistributionSummary batchSize;
    private final Timer wait;
    private volatile boolean running;
    private Thread writer;

    GroupCommit(TransactionTemplate transactions, MeterRegistry meters) {
        this.transactions = transactions;
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
     * Runs {@code work} for {@code item} inside a transaction shared with whatever else arrives meanwhile, and returns
     * its result once that transaction has committed. {@code work} takes the items of a group that share it (the same
     * instance), in order, and answers their results in that order: a group's rows can go to the database together.
     *
     * @throws IllegalStateException when the item could not be stored in time (the caller answers 503)
     */
    @SuppressWarnings("unchecked")
    <T, R> R submit(T item, Function<List<T>, List<R>> work) {
        var anyWork = (Function<List<Object>, List<Object>>) (Function<?, ?>) work;
        if (!running) {
            return (R) runEach(List.of(item), anyWork).get(0); // not started (or stopping): store it on this thread
        }
        var job = new Job(item, anyWork, new CompletableFuture<>(), System.nanoTime());
        queue.add(job);
        try {
            return (R) job.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not store the text", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Storing the text took too long", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing the text", e);
        }
    }

    private static List<Object> runEach(List<Object> items, Function<List<Object>, List<Object>> work) {
        var results = work.apply(items);
        if (results.size() != items.size()) {
            throw new IllegalStateException(items.size() + " items gave " + results.size() + " results");
        }
        return results;
    }

    /** The results of the batch, in order: each run of consecutive jobs with the same work is one call of it. */
    private static List<Object> run(List<Job> batch) {
        var out = new ArrayList<Object>(batch.size());
        int from = 0;
        while (from < batch.size()) {
            var work = batch.get(from).work();
            int to = from;
            var items = new ArrayList<Object>();
            while (to < batch.size() && batch.get(to).work() == work) {
                items.add(batch.get(to++).item());
            }
            out.addAll(runEach(items, work));
            from = to;
        }
        return out;
    }

    private void writeLoop() {
        var batch = new ArrayList<Job>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                var first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Job> batch) {
        try {
            var results = transactions.execute(status -> run(batch));
            batchSize.record(batch.size());
            long committed = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) {
                wait.record(committed - batch.get(i).queuedAt(), TimeUnit.NANOSECONDS);
                batch.get(i).done().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            // One bad item (or a race with another instance) spoils the shared transaction: store each on its own.
            log.debug("A group of {} failed together; storing each on its own", batch.size(), e);
            for (var job : batch) {
                try {
                    job.done()
                            .complete(transactions.execute(status ->
                                    runEach(List.of(job.item()), job.work()).get(0)));
                } catch (RuntimeException single) {
                    job.done().completeExceptionally(single);
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, "group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false; // the writer drains what is queued, then ends
        try {
            writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
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
