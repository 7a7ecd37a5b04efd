package com.kontrol.live;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

/**
 * Who has which conversation open, and who is typing in its reply box, across every instance: each instance announces
 * its own pages on the {@link LiveBus} (as a page's stream opens, again every {@link #ANNOUNCE_MILLIS}, and as it
 * closes) and every instance keeps what it hears, forgetting a person not heard of for {@link #HERE_MILLIS} (an
 * instance that died says nothing more). Each page watching the thread is told who else is there.
 */
@Component
class Presence {

    static final long ANNOUNCE_MILLIS = 15_000;
    static final long HERE_MILLIS = 40_000;
    static final long TYPING_MILLIS = 6_000;
    /** Conversations one person can be present in at once: a page each, at most (as {@link LiveStreams#PER_USER}). */
    static final int PER_PERSON = 16;

    static final String EVENT = "presence";

    enum State {
        HERE("h"),
        TYPING("t"),
        LEFT("l");

        final String code;

        State(String code) {
            this.code = code;
        }

        static Optional<State> of(String code) {
            return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
        }
    }

    private record Seen(long until, long typingUntil) {}

    private final Map<Long, Map<String, Seen>> byCustomer = new ConcurrentHashMap<>();
    private final LiveStreams streams;
    private final LiveBus bus;
    private final LongSupplier millis;

    @Autowired
    Presence(LiveStreams streams, LiveBus bus) {
        this(streams, bus, System::currentTimeMillis);
    }

    Presence(LiveStreams streams, LiveBus bus, LongSupplier millis) {
        this.streams = streams;
        this.bus = bus;
        this.millis = millis;
        streams.onLastClosed((user, customerId) -> announce(customerId, user, State.LEFT));
    }

    /** Tells every instance (this one too, through the bus) where {@code user} is. */
    void announce(long customerId, String user, State state) {
        bus.announce(new LiveChange.Present(customerId, user, state));
    }

    /** What an instance announced: kept, and shown to the pages here that watch the thread. */
    void heard(LiveChange.Present p) {
        var now = millis.getAsLong();
        if (p.state() == State.LEFT) {
            var people = byCustomer.get(p.customerId());
            if (people == null || people.remove(p.username()) == null) {
                return;
            }
        } else {
            if (!byCustomer.containsKey(p.customerId()) && places(p.username()) >= PER_PERSON) {
                return; // more threads than one person can have open: forged or broken, not kept
            }
            var people = byCustomer.computeIfAbsent(p.customerId(), id -> new ConcurrentHashMap<>());
            var before = people.get(p.username());
            var typingUntil =
                    p.state() == State.TYPING ? now + TYPING_MILLIS : before == null ? 0 : before.typingUntil();
            people.put(p.username(), new Seen(now + HERE_MILLIS, typingUntil));
            if (before != null && (before.typingUntil() > now) == (typingUntil > now)) {
                return; // nothing a page shows has changed
            }
        }
        push(p.customerId());
    }

    /** Forgets who was not heard of in time, and ends "typing" that stopped; tells the pages whose view changed. */
    @Scheduled(fixedDelay = 1_000)
    void expire() {
        var now = millis.getAsLong();
        byCustomer.forEach((customerId, people) -> {
            var changed = people.entrySet().removeIf(e -> e.getValue().until() <= now);
            for (var e : people.entrySet()) {
                var seen = e.getValue();
                if (seen.typingUntil() != 0 && seen.typingUntil() <= now) {
                    e.setValue(new Seen(seen.until(), 0));
                    changed = true;
                }
            }
            if (people.isEmpty()) {
                byCustomer.remove(customerId, people);
            }
            if (changed) {
                push(customerId);
            }
        });
    }

    /** This instance's pages, said again before the others forget them. */
    @Scheduled(fixedDelay = ANNOUNCE_MILLIS, initialDelay = ANNOUNCE_MILLIS)
    void stillHere() {
        streams.watchers().forEach(w -> announce(w.customerId(), w.user(), State.HERE));
    }

    /** The line a page of {@code viewer} shows under the thread's strip: everyone else there, and who types. */
    String line(long customerId, String viewer) {
        var people = byCustomer.getOrDefault(customerId, Map.of());
        var now = millis.getAsLong();
        var others = people.entrySet().stream()
                .filter(e -> !e.getKey().equals(viewer))
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> "<strong>" + HtmlUtils.htmlEscape(e.getKey()) + "</strong>"
                        + (e.getValue().typingUntil() > now ? " <span class=\"typing\">is typing…</span>" : ""))
                .toList();
        return others.isEmpty() ? "" : "Also here: " + String.join(", ", others);
    }

    SseEmitter.SseEventBuilder event(long customerId, String viewer) {
        return SseEmitter.event().name(EVENT).data(line(customerId, viewer));
    }

    private void push(long customerId) {
        streams.toCustomerEach(customerId, viewer -> event(customerId, viewer));
    }

    private long places(String user) {
        return byCustomer.values().stream().filter(p -> p.containsKey(user)).count();
    }
}
