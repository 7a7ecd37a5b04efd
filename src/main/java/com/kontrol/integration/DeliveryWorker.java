package com.kontrol.integration;

import com.kontrol.database.AfterCommit;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Posts queued deliveries: right after the commit that queued them, and every few seconds what is due again. A 2xx
 * answer delivers it; anything else (another status, a redirect, which is not followed, a timeout) is tried again
 * after 10 s, 30 s, 1, 5, 15, 30 minutes, then hourly, for a day. Each delivery is claimed before it is posted, so two
 * instances never both post it; one that dies after posting and before recording it posts it again later (at least
 * once: the receiver de-duplicates by {@code webhook-id}). A subscription has one post in flight at a time (here), so a
 * slow receiver holds one poster, at most {@link WebhookClient#DEADLINE} a delivery, and the others go on posting.
 */
@Component
class DeliveryWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private static final List<Duration> BACKOFF = List.of(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            Duration.ofHours(1));

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final WebhookTargets targets;
    private final MeterRegistry meters;
    private final Clock clock;
    private final WebhookClient http;

    /** One thread looks for due deliveries; a few post them, so that one slow receiver does not hold up the others. */
    private final ExecutorService poller = Executors.newSingleThreadExecutor(r -> thread(r, "webhook-poller"));

    static final int POSTERS = 4;

    private final ExecutorService posters = Executors.newFixedThreadPool(POSTERS, r -> thread(r, "webhook-poster"));
    private final AtomicBoolean pollAsked = new AtomicBoolean();

    /**
     * Claimed and not yet posted, at most {@link #IN_FLIGHT}: what waits for a poster must be posted well within its
     * claim (4 posters, 15 s at most a call), else another instance would take it as abandoned.
     */
    private final AtomicInteger inFlight = new AtomicInteger();

    /** The subscriptions with a post in flight from this instance. */
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();

    static final int IN_FLIGHT = 16;

    DeliveryWorker(
            Deliveries deliveries,
            Subscriptions subscriptions,
            WebhookTargets targets,
            WebhookClient http,
            MeterRegistry meters,
            Clock clock) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.targets = targets;
        this.http = http;
        this.meters = meters;
        this.clock = clock;
    }

    private static Thread thread(Runnable r, String name) {
        var t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Deliveries were queued in the current transaction: post them once it commits. */
    void deliverAfterCommit() {
        AfterCommit.run(this::kick);
    }

    void kick() {
        if (pollAsked.compareAndSet(false, true)) {
            poller.execute(() -> {
                pollAsked.set(false);
                try {
                    deliverDue(OffsetDateTime.now(clock));
                } catch (RuntimeException e) {
                    log.warn("Looking for webhook deliveries failed; trying again shortly", e);
                }
            });
        }
    }

    /** What failed before comes due again; also at start, for what a stopped instance left. Old log lines go. */
    @Scheduled(fixedDelay = 5_000, initialDelay = 3_000)
    void retry() {
        kick();
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    void forgetOld() {
        deliveries.forget(OffsetDateTime.now(clock).minusDays(30));
    }

    /** Claims what is due at {@code now} and posts it on the posters; how many were claimed. */
    int deliverDue(OffsetDateTime now) {
        int claimed = 0;
        int room = IN_FLIGHT - inFlight.get();
        if (room <= 0) {
            return 0; // a poster that finishes asks again
        }
        for (var due : deliveries.due(now, room)) {
            if (!busy.add(due.subscriptionId())) {
                continue; // its receiver has one already: the next goes when that one is done
            }
            var delivery = deliveries.claim(due.id(), now);
            if (delivery.isEmpty()) {
                busy.remove(due.subscriptionId());
                continue;
            }
            claimed++;
            inFlight.incrementAndGet();
            posters.execute(() -> {
                try {
                    post(delivery.get());
                } finally {
                    busy.remove(due.subscriptionId());
                    inFlight.decrementAndGet();
                    kick(); // the subscription's next delivery, and more than one round took
                }
            });
        }
        return claimed;
    }

    private void post(Deliveries.Pending d) {
        var at = OffsetDateTime.now(clock);
        try {
            var problem = targets.shapeProblem(d.url()); // the address is checked as it connects (WebhookClient)
            if (problem.isPresent()) {
                failed(d, null, problem.get(), at);
                return;
            }
            var secrets = subscriptions.signingSecrets(d.subscriptionId());
            if (secrets.isEmpty()) {
                return; // the subscription was removed meanwhile, and its deliveries with it
            }
            long timestamp = at.toEpochSecond();
            int status = http.post(
                    d.url(),
                    Map.of(
                            WebhookSignature.ID,
                            d.eventId(),
                            WebhookSignature.TIMESTAMP,
                            Long.toString(timestamp),
                            WebhookSignature.SIGNATURE,
                            WebhookSignature.header(secrets, d.eventId(), timestamp, d.payload())),
                    d.payload());
            if (status >= 200 && status < 300) {
                deliveries.delivered(d.id(), status, OffsetDateTime.now(clock));
                meters.counter("kontrol.webhooks.deliveries", "outcome", "delivered")
                        .increment();
            } else {
                failed(
                        d,
                        status,
                        status >= 300 && status < 400
                                ? "answered " + status + ": redirects are not followed, subscribe the final URL"
                                : "answered " + status,
                        at);
            }
        } catch (WebhookTargets.RefusedAddressException e) {
            failed(d, null, e.getMessage(), at);
        } catch (IOException e) {
            failed(d, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), at);
        } catch (RuntimeException e) {
            log.warn("Webhook delivery {} failed unexpectedly", d.id(), e);
            failed(d, null, "internal error: " + e.getClass().getSimpleName(), at);
        }
    }

    private void failed(Deliveries.Pending d, Integer status, String why, OffsetDateTime at) {
        var next = at.plus(BACKOFF.get(Math.min(d.attempts(), BACKOFF.size()) - 1));
        boolean giveUp = next.isAfter(d.retriesFrom().plus(Deliveries.RETRIES));
        deliveries.failed(d.id(), status, why, at, giveUp ? null : next);
        meters.counter("kontrol.webhooks.deliveries", "outcome", giveUp ? "gave_up" : "failed")
                .increment();
        if (giveUp) {
            log.warn(
                    "Gave up on webhook delivery {} ({}) to {} after {} attempts: {}",
                    d.id(),
                    d.eventId(),
                    host(d.url()),
                    d.attempts(),
                    why);
        } else {
            log.info(
                    "Webhook delivery {} to {} failed (attempt {}), next at {}: {}",
                    d.id(),
                    host(d.url()),
                    d.attempts(),
                    next,
                    why);
        }
    }

    /** Only the host is logged: a receiver's URL often holds a token of its own in its path or query. */
    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
        posters.shutdownNow();
    }
}
