package com.kontrol.messaging.outbound;

import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.MessageQueued;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.SmsGateway;
import com.kontrol.messaging.outbound.SendAttempts.Pending;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes what the {@link Outbox} queued off the message rows, which are the queue: a worker on any instance claims a row
 * with a conditional update, so each text goes out once, paced per sender number to
 * {@code kontrol.sms.messages-per-second}, and hands it to {@link ClaimedTexts} to send and settle.
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
    private final ClaimedTexts texts;
    private final AutomaticTextGate gate;
    private final SmsGateway gateway;
    private final MessagingSettings settings;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
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
            ClaimedTexts texts,
            AutomaticTextGate gate,
            SmsGateway gateway,
            MessagingSettings settings,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            SendPace pace,
            Clock clock) {
        this.pace = pace;
        this.clock = clock;
        this.transactions = transactions;
        this.attempts = attempts;
        this.rows = rows;
        this.texts = texts;
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
        if (perSecond <= 0) {
            var won = attempts.claimAll(candidates, now);
            return candidates.stream()
                    .filter(p -> won.contains(p.id()))
                    .map(p -> new Claimed(p, now))
                    .toList();
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
        // What would get a slot if every claim succeeded, claimed in one statement; then the slots are taken for what
        // this worker won, in the same order, each no later than foreseen.
        var foreseen = new HashMap<String, OffsetDateTime>();
        var wanted = new ArrayList<Pending>(candidates.size());
        for (var p : candidates) {
            var interval = paced.get(p.from());
            if (interval == null) { // a Messaging Service (Twilio paces its numbers), or a pace of 0
                wanted.add(p);
                continue;
            }
            var slot = foreseen.computeIfAbsent(p.from(), from -> slots.peek(from, horizon));
            if (slot != null && !slot.isAfter(horizon)) { // else the number's pace is full for now: the next poll
                wanted.add(p);
                foreseen.put(p.from(), slot.plus(interval));
            }
        }
        var won = attempts.claimAll(wanted, now);
        var claimed = new ArrayList<Claimed>(won.size());
        for (var p : wanted) {
            if (!won.contains(p.id())) {
                continue;
            }
            if (!paced.containsKey(p.from())) {
                claimed.add(new Claimed(p, now));
                continue;
            }
            var slot = slots.peek(p.from(), horizon);
            slots.take(p.from(), slot);
            claimed.add(new Claimed(p, slot));
        }
        slots.save();
        return claimed;
    }

    private void send(Pending p) {
        try {
            texts.send(p);
        } finally {
            inFlight.remove(p.id());
            // Running low with more waiting: fetch more now (once, until that poll has run).
            if (backlog && running && inFlight.size() <= BATCH / 4 && refillAsked.compareAndSet(false, true)) {
                poller.execute(this::poll);
            }
        }
    }

    private static Thread thread(Runnable r, String name) {
        var t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
