package com.kontrol.push;

import com.kontrol.database.AfterCommit;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The pushes to send, kept in {@code push_queue}: written in the transaction that decides them (so what rolled back
 * sends nothing, and what committed survives a restart), sent right after that commit, retried with back-off while a
 * push service is down or asks to slow down (429, 5xx), and dropped when the person read the conversation meanwhile.
 * Each row is claimed before it is sent, so two instances never both send it; a sender that dies between the push
 * service's answer and deleting the row leaves it to be sent again once its claim runs out, and that second push
 * carries the same topic and tag, so the service and the device replace the first with it rather than show two.
 */
@Component
class PushQueue implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PushQueue.class);

    static final int MAX_ATTEMPTS = 10;
    static final Duration CLAIM = Duration.ofMinutes(2);
    static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final PushSender sender;
    private final PushSubscriptions subscriptions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicBoolean kicked = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "push-queue");
        t.setDaemon(true);
        return t;
    });

    PushQueue(JdbcClient jdbc, PushSender sender, PushSubscriptions subscriptions, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.sender = sender;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.meters = meters;
    }

    private static final String QUEUE = """
            insert into push_queue (subscription_id, username, customer_id, payload, topic, urgency, created_at,
                                    next_attempt_at)
            values (:subscription, :username, :customerId, :payload, :topic, :urgency, :now, :now)
            """;

    /** Queues {@code notice} for each device, in the current transaction; it goes once that commits. */
    void queue(Collection<PushSubscriptions.Device> devices, PushNotice notice) {
        if (devices.isEmpty()) {
            return;
        }
        var now = OffsetDateTime.now(clock);
        var payload = notice.json();
        for (var device : devices) {
            jdbc.sql(QUEUE)
                    .param("subscription", device.id())
                    .param("username", device.username())
                    .param("customerId", notice.customerId())
                    .param("payload", payload)
                    .param("topic", notice.topic())
                    .param("urgency", notice.urgent() ? "high" : "normal")
                    .param("now", now)
                    .update();
        }
        AfterCommit.run(this::kick);
    }

    /** {@code username} read the customer's conversation: what still waits to tell them of it is no longer news. */
    void read(String username, long customerId) {
        jdbc.sql("delete from push_queue where username = :username and customer_id = :customerId")
                .param("username", username)
                .param("customerId", customerId)
                .update();
    }

    // Many reasons to send (each queued push, the timer) make one run at a time, not one run each.
    private void kick() {
        if (kicked.compareAndSet(false, true)) {
            worker.execute(() -> {
                kicked.set(false);
                try {
                    sendDue();
                } catch (RuntimeException e) { // the database away, say: the timer tries again
                    log.warn("Could not send the queued pushes: {}", e.toString());
                }
            });
        }
    }

    /** Retries what failed before, and sends what a stopped instance left; also soon after a start. */
    @Scheduled(fixedDelayString = "${kontrol.push.retry-millis:10000}", initialDelay = 2_000)
    void retry() {
        kick();
    }

    // Claimed in one statement with the devices' addresses; SKIP LOCKED: two instances take different rows.
    private static final String CLAIM_DUE = """
            update push_queue q set claimed_until = :until, attempts = q.attempts + 1
            from push_subscriptions s
            where s.id = q.subscription_id
              and q.id in (select id from push_queue
                           where next_attempt_at <= :now and (claimed_until is null or claimed_until < :now)
                           order by id limit %d for update skip locked)
            returning q.id, q.subscription_id, q.payload, q.topic, q.urgency, q.attempts, q.created_at,
                      s.endpoint, s.p256dh, s.auth
            """.formatted(BATCH);

    private record Claimed(
            long id,
            long subscription,
            String payload,
            String topic,
            String urgency,
            int attempts,
            OffsetDateTime createdAt,
            String endpoint,
            String p256dh,
            String auth) {}

    /** Sends every push that is due and that no one else holds; how many went. */
    int sendDue() {
        int sent = 0;
        while (true) {
            var now = OffsetDateTime.now(clock);
            var due = jdbc.sql(CLAIM_DUE)
                    .param("now", now)
                    .param("until", now.plus(CLAIM))
                    .query((rs, n) -> new Claimed(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getInt(6),
                            rs.getObject(7, OffsetDateTime.class),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10)))
                    .list();
            for (var push : due) {
                if (send(push)) {
                    sent++;
                }
            }
            if (due.size() < BATCH) {
                return sent;
            }
        }
    }

    private boolean send(Claimed push) {
        var outcome = sender.send(new PushSender.Push(
                push.endpoint(),
                push.p256dh(),
                push.auth(),
                push.payload().getBytes(StandardCharsets.UTF_8),
                push.topic(),
                push.urgency(),
                (int) PushNotice.TIME_TO_LIVE.toSeconds()));
        meters.counter("kontrol.push.sent", "outcome", outcome.kind().name().toLowerCase())
                .increment();
        var now = OffsetDateTime.now(clock);
        switch (outcome.kind()) {
            case DELIVERED -> {
                done(push.id());
                subscriptions.pushed(push.subscription(), now);
                return true;
            }
            case GONE -> {
                log.info(
                        "Push device {} is gone ({}): its subscription is removed", push.subscription(), outcome.why());
                subscriptions.expired(push.subscription()); // and with it what waited for it
            }
            case REFUSED -> {
                log.warn("A push to device {} was refused: {}", push.subscription(), outcome.why());
                done(push.id());
            }
            case RETRY -> retryLater(push, outcome, now);
        }
        return false;
    }

    private void retryLater(Claimed push, PushSender.Outcome outcome, OffsetDateTime now) {
        // 10 s, 20 s, 40 s … at most an hour, or longer if the service asked; never past the push's own lifetime.
        var backOff = Duration.ofSeconds(Math.min(3600, 10L << Math.min(push.attempts() - 1, 9)));
        var wait = outcome.after().compareTo(backOff) > 0 ? outcome.after() : backOff;
        var next = now.plus(wait);
        if (push.attempts() >= MAX_ATTEMPTS || next.isAfter(push.createdAt().plus(PushNotice.TIME_TO_LIVE))) {
            log.warn(
                    "Gave up on a push to device {} after {} attempts: {}",
                    push.subscription(),
                    push.attempts(),
                    outcome.why());
            done(push.id());
            return;
        }
        log.info(
                "A push to device {} failed (attempt {}), retrying in {}: {}",
                push.subscription(),
                push.attempts(),
                wait,
                outcome.why());
        jdbc.sql("update push_queue set next_attempt_at = :next, claimed_until = null, last_error = :why"
                        + " where id = :id")
                .param("next", next)
                .param("why", outcome.why().length() > 500 ? outcome.why().substring(0, 500) : outcome.why())
                .param("id", push.id())
                .update();
    }

    private void done(long id) {
        jdbc.sql("delete from push_queue where id = :id").param("id", id).update();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
