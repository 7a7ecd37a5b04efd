package com.kontrol.messaging.inbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores what waited in the outage spool once the database answers again: in arrival order, through the same intake
 * as a webhook (routing, conversations, live updates and what follows), each text with its own arrival time, then
 * empties the spool. A text that also reached the database before it was spooled, or an entry replayed again after a
 * crash during replay, is stored once: the intake skips a SID it already holds, and a delivery report only moves a
 * status forward.
 */
@Component
class SpoolReplay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SpoolReplay.class);
    private static final int BATCH = 200;
    private static final Duration PAUSE = Duration.ofMillis(500);
    /** How long a batch may take to commit before the replay starts it again. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Tries of one entry while the database answers, before it is set aside as one the intake cannot take. */
    private static final int TRIES = 3;

    private final IntakeSpool spool;
    private final MessageIntake intake;
    private final JdbcClient jdbc;
    private volatile boolean running;
    private Thread thread;

    SpoolReplay(IntakeSpool spool, MessageIntake intake, JdbcClient jdbc) {
        this.spool = spool;
        this.intake = intake;
        this.jdbc = jdbc;
    }

    private void loop() {
        while (running) {
            try {
                if (spool.isHolding() && databaseAnswers()) {
                    replay();
                } else {
                    TimeUnit.MILLISECONDS.sleep(PAUSE.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Replaying the outage spool stopped ({}); trying again shortly", e.toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(PAUSE.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private boolean databaseAnswers() {
        try {
            jdbc.sql("select 1").query(Integer.class).single();
            return true;
        } catch (RuntimeException e) {
            log.debug("The database does not answer yet: {}", e.toString());
            return false;
        }
    }

    /** Everything in the spool, oldest first, until it is empty (what arrives meanwhile joins the end). */
    private void replay() throws InterruptedException {
        long started = System.nanoTime();
        int before = spool.depth();
        log.info("The database answers: storing the {} webhooks of the outage spool", before);
        long at = 0;
        int stored = 0;
        while (running) {
            var batch = spool.readFrom(at, BATCH);
            if (batch.isEmpty()) {
                if (spool.emptyIfAt(at)) {
                    log.info(
                            "Stored the outage spool's {} webhooks in {} ms; the spool is empty",
                            stored,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    return;
                }
                continue; // more arrived meanwhile
            }
            storeInOrder(batch);
            at = batch.get(batch.size() - 1).end();
            stored += batch.size();
        }
    }

    /**
     * A batch in arrival order: plain texts are handed to the group commit together (one commit for many, as when they
     * arrive at once); anything else waits for those before it, then is stored on its own. When a queued text fails
     * while the database answers, the batch is stored again one by one (what is already stored is skipped).
     */
    private void storeInOrder(List<IntakeSpool.Spooled> batch) throws InterruptedException {
        var queued = new ArrayList<CompletableFuture<?>>();
        try {
            for (var entry : batch) {
                var arrival = entry.arrival();
                if (arrival.text() != null) {
                    var later = intake.receiveLater(arrival.text(), arrival.at());
                    if (later.isPresent()) {
                        queued.add(later.get());
                        continue;
                    }
                }
                awaitAll(queued);
                store(arrival);
            }
            awaitAll(queued);
        } catch (ExecutionException | TimeoutException e) {
            if (!databaseAnswers()) {
                throw new IllegalStateException("The database went away during the replay", e);
            }
            for (var entry : batch) {
                store(entry.arrival());
            }
        }
    }

    private static void awaitAll(List<CompletableFuture<?>> queued)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        queued.clear();
    }

    private void store(IntakeSpool.Arrival arrival) throws InterruptedException {
        for (int tries = 1; ; tries++) {
            try {
                if (arrival.text() != null) {
                    intake.receive(arrival.text(), arrival.at());
                } else {
                    intake.statusReported(arrival.report());
                }
                return;
            } catch (RuntimeException e) {
                if (!databaseAnswers()) {
                    throw e; // away again: the whole replay waits, and goes on from here
                }
                if (tries >= TRIES) {
                    var sid = arrival.text() != null
                            ? arrival.text().sid()
                            : arrival.report().sid();
                    log.error(
                            "Set aside spooled webhook {} in the spool's set-aside.jsonl: the intake refused it {} times"
                                    + " although the database answers",
                            sid,
                            TRIES,
                            e);
                    spool.setAside(arrival);
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(PAUSE.toMillis());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "spool-replay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
