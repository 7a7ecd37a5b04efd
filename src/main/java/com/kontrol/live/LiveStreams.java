package com.kontrol.live;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * The open event streams: every one (the inbox badge), and by customer (an SMS tab). Bounded, so that one user cannot
 * take the server's connections: a user's stream past {@link #PER_USER} closes that user's oldest one (a page left
 * behind, whose closed socket the server cannot see until it writes to it), and past {@link #TOTAL} none is opened. A
 * stream whose send fails is closed and forgotten at once, and a customer is forgotten with their last stream.
 */
@Component
class LiveStreams {

    static final int PER_USER = 8;
    static final int TOTAL = 2000;

    private record Stream(SseEmitter emitter, String user, Long customerId, long openedAt) {}

    private final Set<Stream> all = ConcurrentHashMap.newKeySet();
    private final Map<Long, Set<Stream>> byCustomer = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final LongFunction<SseEmitter> emitters;
    private final int perUserCap;
    private final int totalCap;

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
    synchronized Optional<SseEmitter> open(String user, Long customerId, long timeoutMillis) {
        if (perUser.getOrDefault(user, 0) >= perUserCap) {
            all.stream()
                    .filter(s -> s.user().equals(user))
                    .min((a, b) -> Long.compare(a.openedAt(), b.openedAt()))
                    .ifPresent(oldest -> {
                        forget(oldest);
                        oldest.emitter().complete();
                    });
        }
        if (all.size() >= totalCap) {
            return Optional.empty();
        }
        var stream = new Stream(emitters.apply(timeoutMillis), user, customerId, System.nanoTime());
        all.add(stream);
        perUser.merge(user, 1, Integer::sum);
        if (customerId != null) {
            byCustomer
                    .computeIfAbsent(customerId, k -> ConcurrentHashMap.newKeySet())
                    .add(stream);
        }
        stream.emitter().onCompletion(() -> forget(stream));
        stream.emitter().onTimeout(() -> forget(stream));
        stream.emitter().onError(e -> forget(stream));
        return Optional.of(stream.emitter());
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

    void toAll(SseEventBuilder event) {
        all.forEach(stream -> send(stream, event));
    }

    void toCustomer(long customerId, SseEventBuilder event) {
        var streams = byCustomer.get(customerId);
        if (streams != null) {
            streams.forEach(stream -> send(stream, event));
        }
    }

    /** Ends every stream (the browsers reconnect). */
    void closeAll() {
        all.forEach(stream -> stream.emitter().complete());
        all.forEach(this::forget);
    }

    private void send(Stream stream, SseEventBuilder event) {
        try {
            stream.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            forget(stream); // the browser went away: its socket is closed now, not at the next timeout
            stream.emitter().complete();
        }
    }

    private synchronized void forget(Stream stream) {
        if (!all.remove(stream)) {
            return;
        }
        perUser.computeIfPresent(stream.user(), (user, count) -> count == 1 ? null : count - 1);
        if (stream.customerId() != null) {
            byCustomer.computeIfPresent(stream.customerId(), (id, streams) -> {
                streams.remove(stream);
                return streams.isEmpty() ? null : streams;
            });
        }
    }
}
