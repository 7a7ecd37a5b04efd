package com.kontrol.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * The open event streams: every one (the inbox badge), and by customer (an SMS tab). Bounded, so that one user cannot
 * take the server's connections: a user's stream past {@link #PER_USER} closes that user's oldest one (a page left
 * behind, whose closed socket the server cannot see until it writes to it), and past {@link #TOTAL} none is opened. A
 * stream whose send fails is closed and forgotten at once, and a customer is forgotten with their last stream.
 *
 * <p>Nobody waits on a slow browser. A write to a client that stopped reading blocks until the connector's write
 * timeout (20 s by default), and so would anything that then touches the same emitter, {@code complete()} included.
 * So each stream has its own short queue, written by a writer thread of its own while it has events, and the caller
 * only queues; a stream {@link #BACKLOG} events behind is dropped rather than waited for. (Events come one at a time,
 * each rendered from the database by the push thread, so a browser that reads is never that far behind.)
 */
@Component
class LiveStreams implements MeterBinder {

    static final int PER_USER = 8;
    static final int TOTAL = 2000;
    static final int BACKLOG = 64;

    /** Writer threads at most: far above the streams that are being written at any moment on a healthy server. */
    static final int WRITERS = 256;

    private final Set<LiveStream> all = ConcurrentHashMap.newKeySet();
    private final Map<Long, Set<LiveStream>> byCustomer = new ConcurrentHashMap<>();
    private final Map<Long, Set<LiveStream>> byJob = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final LongFunction<SseEmitter> emitters;
    private final int perUserCap;
    private final int totalCap;
    private final Executor writers = writers();
    private volatile BiConsumer<String, Long> lastClosed = (user, customerId) -> {};

    /** A person and the thread one of their pages watches. */
    record Watcher(long customerId, String user) {}

    LiveStreams() {
        this(SseEmitter::new, PER_USER, TOTAL);
    }

    /** With emitters of a test's own making ({@code timeoutMillis} in, an emitter out) and caps of its own. */
    LiveStreams(LongFunction<SseEmitter> emitters, int perUserCap, int totalCap) {
        this.emitters = emitters;
        this.perUserCap = perUserCap;
        this.totalCap = totalCap;
    }

    /** A new stream for {@code user} (watching a customer's thread, or only the badge); empty past the total cap. */
    Optional<SseEmitter> open(String user, Long customerId, long timeoutMillis) {
        return open(user, customerId, null, timeoutMillis);
    }

    /** The same, on a job's page ({@code jobId}): its texts' changes too. */
    synchronized Optional<SseEmitter> open(String user, Long customerId, Long jobId, long timeoutMillis) {
        if (perUser.getOrDefault(user, 0) >= perUserCap) {
            all.stream()
                    .filter(s -> s.user.equals(user))
                    .min((a, b) -> Long.compare(a.openedAt, b.openedAt))
                    .ifPresent(this::close);
        }
        if (all.size() >= totalCap) {
            return Optional.empty();
        }
        var stream =
                new LiveStream(emitters.apply(timeoutMillis), user, customerId, jobId, BACKLOG, writers, this::forget);
        all.add(stream);
        perUser.merge(user, 1, Integer::sum);
        if (customerId != null) {
            byCustomer
                    .computeIfAbsent(customerId, k -> ConcurrentHashMap.newKeySet())
                    .add(stream);
        }
        if (jobId != null) {
            byJob.computeIfAbsent(jobId, k -> ConcurrentHashMap.newKeySet()).add(stream);
        }
        stream.emitter.onCompletion(() -> forget(stream));
        stream.emitter.onTimeout(() -> forget(stream));
        stream.emitter.onError(e -> forget(stream));
        return Optional.of(stream.emitter);
    }

    /** {@code kontrol.live.streams}: the event streams open on this instance (a page or tab each). */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("kontrol.live.streams", this, s -> s.all.size())
                .description("Server-sent event streams open on this instance")
                .register(registry);
    }

    /** Told when a person's last stream here that watched a thread closed: they left it (on this instance). */
    void onLastClosed(BiConsumer<String, Long> listener) {
        this.lastClosed = listener;
    }

    /**
     * Ends {@code user}'s streams here on customer {@code customerId}'s thread: they said they left it. A page that is in
     * fact still open reconnects by itself (and says it is there again); a closed one stops counting as present now,
     * not when a write to its dead socket first fails.
     */
    void closeWatching(long customerId, String user) {
        var streams = byCustomer.get(customerId);
        if (streams != null) {
            streams.stream().filter(s -> s.user.equals(user)).toList().forEach(this::close);
        }
    }

    /** Who watches which thread here, each once. */
    Set<Watcher> watchers() {
        var watchers = new HashSet<Watcher>();
        byCustomer.forEach(
                (customerId, streams) -> streams.forEach(s -> watchers.add(new Watcher(customerId, s.user))));
        return watchers;
    }

    /** Queues for each stream that watches {@code customerId} the event made for its person; returns at once. */
    void toCustomerEach(long customerId, Function<String, SseEventBuilder> eventFor) {
        var streams = byCustomer.get(customerId);
        if (streams != null) {
            streams.forEach(stream -> queue(stream, eventFor.apply(stream.user).build()));
        }
    }

    /** Whether a job page is open here at all: then a changed text is worth looking up for its job. */
    boolean anyJobWatched() {
        return !byJob.isEmpty();
    }

    boolean watchedJob(long jobId) {
        return byJob.containsKey(jobId);
    }

    /** Queues {@code event} for the streams of job {@code jobId}'s pages; returns at once. */
    void toJob(long jobId, SseEventBuilder event) {
        var streams = byJob.get(jobId);
        if (streams != null) {
            var data = event.build();
            streams.forEach(stream -> queue(stream, data));
        }
    }

    boolean watched(long customerId) {
        return byCustomer.containsKey(customerId);
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    /** How many streams are open (for a user: {@code user}'s), for tests and diagnosis. */
    int count(String user) {
        return user == null ? all.size() : perUser.getOrDefault(user, 0);
    }

    /** Queues {@code event} for every stream; returns at once. */
    void toAll(SseEventBuilder event) {
        var data = event.build();
        all.forEach(stream -> queue(stream, data));
    }

    /** Queues {@code event} for the streams that watch {@code customerId}; returns at once. */
    void toCustomer(long customerId, SseEventBuilder event) {
        var streams = byCustomer.get(customerId);
        if (streams != null) {
            var data = event.build();
            streams.forEach(stream -> queue(stream, data));
        }
    }

    /** Queues {@code event} for every stream of {@code user}; returns at once. */
    void toUser(String user, SseEventBuilder event) {
        var data = event.build();
        all.stream().filter(s -> s.user.equals(user)).forEach(stream -> queue(stream, data));
    }

    /**
     * Sends {@code last} to every stream of {@code user}, then ends them (the page goes to the login page; were it to
     * reconnect instead, it would have to log in again). Returns at once.
     */
    void endUser(String user, SseEventBuilder last) {
        var data = last.build();
        all.stream().filter(s -> s.user.equals(user)).forEach(stream -> {
            forget(stream);
            stream.finish(data);
        });
    }

    /** Ends every stream (the browsers reconnect). */
    void closeAll() {
        all.forEach(this::close);
    }

    private void queue(LiveStream stream, Set<DataWithMediaType> data) {
        if (!stream.offer(data)) {
            close(stream); // too far behind: a browser that reads nothing must not hold events (or a thread) for us
        }
    }

    private void close(LiveStream stream) {
        forget(stream);
        stream.close();
    }

    private void forget(LiveStream stream) {
        if (forgot(stream)) {
            lastClosed.accept(stream.user, stream.customerId);
        }
    }

    /** True when it was the person's last stream here on that thread. */
    private synchronized boolean forgot(LiveStream stream) {
        if (!all.remove(stream)) {
            return false;
        }
        perUser.computeIfPresent(stream.user, (user, count) -> count == 1 ? null : count - 1);
        if (stream.jobId != null) {
            byJob.computeIfPresent(stream.jobId, (id, streams) -> {
                streams.remove(stream);
                return streams.isEmpty() ? null : streams;
            });
        }
        if (stream.customerId == null) {
            return false;
        }
        byCustomer.computeIfPresent(stream.customerId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
        var rest = byCustomer.get(stream.customerId);
        return rest == null || rest.stream().noneMatch(s -> s.user.equals(stream.user));
    }

    private static Executor writers() {
        // No queue: a write starts on a thread at once or is refused (and its stream ended), never waits for one.
        return new ThreadPoolExecutor(0, WRITERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            var t = new Thread(r, "live-writer");
            t.setDaemon(true);
            return t;
        });
    }
}
