package com.kontrol.messaging.outbound;

import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.TextMeters;
import com.kontrol.messaging.outbound.SendAttempts.Pending;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Records the texts the provider accepted, those of the last moment together: one statement for many instead of a
 * round trip to the database after each send, so the senders go on to the next text at once. Until its row has the
 * SID, a text stays claimed (not sent again); if Kontrol stops in between, the worker asks the provider before sending
 * it again ({@link ClaimedTexts}) and finds it there.
 */
@Component
class AcceptedTexts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AcceptedTexts.class);
    private static final int MAX_BATCH = 500;

    record Accepted(Pending text, String sid, String status) {}

    private final LinkedBlockingQueue<Accepted> queue = new LinkedBlockingQueue<>();
    private final SendAttempts rows;
    private final ApplicationEventPublisher events;
    private final TextMeters meters;
    private final Clock clock;
    private volatile boolean running;
    private Thread thread;

    AcceptedTexts(SendAttempts rows, ApplicationEventPublisher events, TextMeters meters, Clock clock) {
        this.rows = rows;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
    }

    /** The provider accepted {@code text} as {@code sid}: recorded with the others of the moment, then announced. */
    void accepted(Pending text, String sid, String status) {
        if (!running) { // not started, or stopping: on this thread
            record(List.of(new Accepted(text, sid, status)));
            return;
        }
        queue.add(new Accepted(text, sid, status));
    }

    private void recordLoop() {
        var batch = new ArrayList<Accepted>();
        while (running || !queue.isEmpty()) {
            try {
                var first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                record(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void record(List<Accepted> batch) {
        try {
            rows.acceptedAll(batch);
        } catch (RuntimeException e) {
            log.warn("Could not record {} accepted texts together ({}); one by one", batch.size(), e.toString());
            for (var a : batch) {
                try {
                    rows.accepted(a.text().id(), a.sid(), a.status());
                } catch (RuntimeException single) {
                    // Still claimed: after a while the worker asks the provider, finds it sent and records it then.
                    log.error(
                            "Could not record text {} as accepted ({})",
                            a.text().id(),
                            a.sid(),
                            single);
                }
            }
        }
        var now = OffsetDateTime.now(clock);
        for (var a : batch) {
            meters.sent(Duration.between(a.text().createdAt(), now));
            events.publishEvent(new MessageStatusChanged(a.text().id(), a.text().customerId(), a.status()));
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::recordLoop, "outbox-accepted");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false; // what is queued is still recorded, then the thread ends
        try {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var last = new ArrayList<Accepted>(); // handed over as the thread ended
        queue.drainTo(last);
        if (!last.isEmpty()) {
            record(last);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the outbox's senders (which stop first, at the default phase) have handed over their last text. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }
}
