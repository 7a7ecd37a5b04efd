package com.kontrol.messaging.outbound;

import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.MessageQueued;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.SmsGateway;
import com.kontrol.messaging.SmsGateway.OutgoingText;
import com.kontrol.messaging.SmsGateway.SendOutcome;
import com.kontrol.messaging.TextLog;
import com.kontrol.messaging.TextMeters;
import com.kontrol.messaging.outbound.SendAttempts.Pending;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the {@link Outbox} queued. The message row is the queue: a worker on any instance claims a row with a
 * conditional update, so each text goes out once; a row left "in flight" by a crash is looked up at the provider
 * before it is sent again. Throttled (429), unreachable and 5xx sends are retried with backoff; permanent refusals fail
 * the message with the provider's code. Sends from one number are paced to {@code kontrol.sms.messages-per-second}.
 */
@Component
class OutboundWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboundWorker.class);
    static final Duration STALE = Duration.ofMinutes(2); // far beyond the gateway's own timeouts
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int BATCH = 500;
    private static final Duration PACE_HORIZON = Duration.ofSeconds(2); // slots taken at most this far ahead

    private final SendAttempts attempts;
    private final OutboxRows rows;
    private final NumberConsent consent;
    private final AutomaticTextGate gate;
    private final SmsGateway gateway;
    private final MessagingSettings settings;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final OutboundMedia media;
    private final TextMeters meters;
    private final SendPace pace;

    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService poller;
    private ScheduledExecutorService senders;
    private volatile boolean running;
    /** The last poll found a full batch due: more is waiting than one poll takes. */
    private volatile boolean backlog;

    private final AtomicBoolean refillAsked = new AtomicBoolean();

    private final Clock clock;

    OutboundWorker(
            SendAttempts attempts,
            OutboxRows rows,
            NumberConsent consent,
            AutomaticTextGate gate,
            SmsGateway gateway,
            MessagingSettings settings,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            OutboundMedia media,
            TextMeters meters,
            SendPace pace,
            Clock clock) {
        this.pace = pace;
        this.meters = meters;
        this.media = media;
        this.clock = clock;
        this.transactions = transactions;
        this.attempts = attempts;
        this.rows = rows;
        this.consent = consent;
        this.gate = gate;
        this.gateway = gateway;
        this.settings = settings;
        this.events = events;
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "outbox-poller"));
        senders = Executors.newScheduledThreadPool(Math.max(1, settings.senders()), r -> thread(r, "outbox-sender"));
        running = true;
        poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        poller.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A text was queued: look at the outbox now rather than at the next poll. */
    @TransactionalEventListener(fallbackExecution = true)
    void queued(MessageQueued event) {
        if (running) {
            poller.execute(this::poll);
        }
    }

    private void poll() {
        refillAsked.set(false);
        try {
            var now = OffsetDateTime.now(clock);
            var due = attempts.due(now, now.minus(STALE), BATCH);
            backlog = due.size() == BATCH;
            var candidates =
                    due.stream().filter(p -> !inFlight.contains(p.id())).toList();
            if (candidates.isEmpty()) {
                return;
            }
            // One transaction (one commit) takes the pace slots and claims the whole batch; only what this worker won
            // is sent, after the commit, each at its slot.
            var withdrawn = new ArrayList<Pending>();
            var claimed = transactions.execute(status -> claim(candidates, now, withdrawn));
            for (var w : withdrawn) {
                events.publishEvent(new MessageStatusChanged(w.id(), w.customerId(), DeliveryStatus.FAILED.code()));
            }
            for (var c : claimed) {
                inFlight.add(c.text().id());
                long delay = Math.max(
                        0, Duration.between(OffsetDateTime.now(clock), c.at()).toMillis());
                senders.schedule(() -> send(c.text()), delay, TimeUnit.MILLISECONDS);
            }
            // A queue longer than a batch: take the next one now rather than after the poll interval, as long as the
            // senders are not a whole batch behind (what is claimed and not sent would only wait in memory).
            if (backlog && running && !claimed.isEmpty() && inFlight.size() < BATCH) {
                poller.execute(this::poll);
            }
        } catch (RuntimeException e) {
            log.warn("Outbox poll failed; trying again shortly", e);
        }
    }

    private record Claimed(Pending text, OffsetDateTime at) {}

    /**
     * Claims what may go within the next two seconds. With a pace, each sender number's slots come from the shared
     * {@link SendPace}: a text whose number has no slot that soon stays queued for the next poll, and a slot is taken
     * only for a text this worker won, so that instances racing for the same rows do not slow each other.
     */
    private List<Claimed> claim(List<Pending> all, OffsetDateTime now, List<Pending> withdrawn) {
        // Consent is asked once more at the last moment: a number that opted out since its text was queued gets
        // nothing.
        var candidates = new ArrayList<Pending>(all.size());
        for (var p : all) {
            if (p.recipientOptedOut()) {
                if (attempts.withdrawDue(p, OptOutWithdrawal.WHY, now)) {
                    log.info("Message {} not sent: {} opted out before it went", p.id(), p.to());
                    withdrawn.add(p);
                }
                continue;
            }
            // And quiet hours, for what Kontrol sends on its own schedule (a reminder retried into the night).
            var quiet = p.onKontrolsSchedule() ? gate.quietUntil(p.to(), now) : Optional.<OffsetDateTime>empty();
            if (quiet.isPresent()) {
                rows.postpone(p.id(), quiet.get(), now);
                log.info("Message {} waits for {}: quiet hours where {} lives", p.id(), quiet.get(), p.to());
                continue;
            }
            candidates.add(p);
        }
        double perSecond = settings.messagesPerSecond();
        var claimed = new ArrayList<Claimed>();
        if (perSecond <= 0) {
            for (var p : candidates) {
                if (attempts.claim(p, now)) {
                    claimed.add(new Claimed(p, now));
                }
            }
            return claimed;
        }
        var horizon = now.plus(PACE_HORIZON);
        var paced = new HashMap<String, Duration>();
        for (var p : candidates) {
            var interval = SenderPace.intervalOf(p.from(), gateway.isPool(p.from()), settings);
            if (interval != null) {
                paced.put(p.from(), interval);
            }
        }
        var slots = pace.lock(paced.keySet(), now, paced);
        for (var p : candidates) {
            if (!paced.containsKey(p.from())) { // a Messaging Service (Twilio paces its numbers), or a pace of 0
                if (attempts.claim(p, now)) {
                    claimed.add(new Claimed(p, now));
                }
                continue;
            }
            var slot = slots.peek(p.from(), horizon);
            if (slot != null && attempts.claim(p, now)) { // else the number's pace is full for now: the next poll
                slots.take(p.from(), slot);
                claimed.add(new Claimed(p, slot));
            }
        }
        slots.save();
        return claimed;
    }

    private void send(Pending p) {
        MDC.put(TextLog.ID, Long.toString(p.id())); // the catch's line too, hence no try-with-resources
        try {
            // Media are kept as paths under the public URL, which Twilio fetches them from.
            var base = p.statusCallback() == null ? "" : p.statusCallback();
            var mediaUrls = p.hasMedia()
                    ? media.pathsOf(p.id()).stream().map(path -> base + path).toList()
                    : List.<String>of(); // most texts have none: no query for them
            var text = new OutgoingText(p.id(), p.from(), p.to(), p.body(), p.statusCallback(), mediaUrls);
            if (p.mayHaveArrivedBefore()) {
                var found = gateway.lookUp(text, p.createdAt().minusMinutes(1));
                if (found instanceof SendOutcome.Found f) {
                    var ours = f.matches().stream()
                            .filter(a -> !attempts.sidExists(a.sid()))
                            .findFirst();
                    if (ours.isPresent()) {
                        log.info(
                                "Message {} had reached the provider after all as {}; not sending it again",
                                p.id(),
                                ours.get().sid());
                        settle(p, ours.get());
                        return;
                    }
                } else {
                    settle(p, found); // cannot tell yet: try again later, still checking first
                    return;
                }
            }
            settle(p, gateway.send(text));
        } catch (RuntimeException e) {
            log.error("Sending message {} failed unexpectedly; it stays queued", p.id(), e);
            attempts.retryAt(p.id(), OffsetDateTime.now(clock).plus(backoff(p.attempts() + 1)), true, "internal error");
        } finally {
            MDC.remove(TextLog.SID);
            MDC.remove(TextLog.ID);
            inFlight.remove(p.id());
            // Running low with more waiting: fetch more now (once, until that poll has run).
            if (backlog && running && inFlight.size() <= BATCH / 4 && refillAsked.compareAndSet(false, true)) {
                poller.execute(this::poll);
            }
        }
    }

    private void settle(Pending p, SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Accepted a) {
            attempts.accepted(p.id(), a.sid(), a.status());
            if (a.from() != null && gateway.isPool(p.from())) {
                attempts.sentFrom(p.id(), a.from()); // Twilio picked the number (a Messaging Service)
            }
            meters.sent(Duration.between(p.createdAt(), OffsetDateTime.now(clock)));
            MDC.put(TextLog.SID, a.sid()); // for what is logged of it from here on this thread; send() ends it
        } else if (outcome instanceof SendOutcome.Refused r) {
            attempts.failed(p.id(), r.code(), r.explanation());
            meters.failed(r.code());
            if (r.recipientOptedOut()) { // with what follows from it (the audit log, other texts withdrawn)
                transactions.executeWithoutResult(status -> consent.optOut(
                        p.to(), ConsentSource.CARRIER, "a text was refused: " + r.explanation(), AuditLog.CARRIER));
            }
        } else if (outcome instanceof SendOutcome.RetryLater r) {
            int attempts = p.attempts() + 1;
            if (attempts >= settings.maxAttempts()) {
                this.attempts.failed(
                        p.id(), null, "Not sent: " + r.reason() + " (gave up after " + attempts + " attempts)");
                meters.failed(null);
            } else {
                var at = OffsetDateTime.now(clock).plus(backoff(attempts));
                log.info("Message {} not sent ({}); attempt {} at {}", p.id(), r.reason(), attempts + 1, at);
                this.attempts.retryAt(p.id(), at, r.mayHaveArrived() || p.mayHaveArrivedBefore(), r.reason());
                return; // still queued: nothing to announce
            }
        } else {
            throw new IllegalStateException("Unexpected outcome of a send: " + outcome);
        }
        // The worker knows what changed: announce it without reading the row back.
        events.publishEvent(new MessageStatusChanged(p.id(), p.customerId(), statusAfter(outcome)));
    }

    private static String statusAfter(SendOutcome outcome) {
        return outcome instanceof SendOutcome.Accepted a ? a.status() : DeliveryStatus.FAILED.code();
    }

    /** 1 s, 2 s, 4 s … up to 5 minutes, with jitter so that retries from many texts spread out. */
    static Duration backoff(int attempts) {
        long seconds = Math.min(300, 1L << Math.min(attempts - 1, 9));
        return Duration.ofMillis(seconds * 1000 + ThreadLocalRandom.current().nextLong(250));
    }

    private static Thread thread(Runnable r, String name) {
        var t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
