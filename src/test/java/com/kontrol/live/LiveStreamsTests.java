package com.kontrol.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open streams are bounded, a dead one is forgotten (with its customer) as soon as a send to it fails, and a slow
 * one holds up nobody else.
 */
class LiveStreamsTests {

    /** A browser that went away: every send fails, as a write to its closed socket does. */
    static class Gone extends SseEmitter {
        @Override
        public void send(Set<DataWithMediaType> items) throws IOException {
            throw new IOException("Broken pipe");
        }
    }

    /** A browser that reads everything at once, and what it was sent. */
    static class Reading extends SseEmitter {
        final List<Set<DataWithMediaType>> received = new CopyOnWriteArrayList<>();
        final AtomicBoolean completed = new AtomicBoolean();

        @Override
        public void send(Set<DataWithMediaType> items) {
            received.add(items);
        }

        @Override
        public void complete() {
            completed.set(true);
            super.complete();
        }
    }

    /** A browser that stopped reading: a write to it blocks (as on a full socket) until the test lets it go. */
    static class Stuck extends SseEmitter {
        final CountDownLatch letGo = new CountDownLatch(1);
        final AtomicBoolean completed = new AtomicBoolean();

        @Override
        public void send(Set<DataWithMediaType> items) throws IOException {
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("Connection timed out");
        }

        @Override
        public void complete() {
            completed.set(true);
            super.complete();
        }
    }

    @Test
    void aUsersNewStreamPastTheCapClosesTheirOldestAndOthersKeepTheirs() {
        var streams = new LiveStreams();
        streams.open("dana", 7L, 1000);
        for (int i = 1; i < LiveStreams.PER_USER; i++) {
            assertThat(streams.open("dana", null, 1000)).isPresent();
        }
        var sams = streams.open("sam", null, 1000);
        assertThat(streams.open("dana", null, 1000)).isPresent(); // a new page: the oldest one goes
        assertThat(streams.count("dana")).isEqualTo(LiveStreams.PER_USER);
        assertThat(streams.watched(7)).isFalse(); // the oldest was the SMS tab of customer 7
        assertThat(streams.count("sam")).isEqualTo(1);
        assertThat(sams).isPresent();
    }

    @Test
    void aPersonWhoLeftAThreadStopsWatchingItAndIsSaidToHaveLeftOnce() {
        var streams = new LiveStreams();
        var left = new CopyOnWriteArrayList<String>();
        streams.onLastClosed((user, customerId) -> left.add(user + "@" + customerId));
        streams.open("dana", 7L, 1000);
        streams.open("dana", 7L, 1000); // two tabs on the same thread
        streams.open("dana", 8L, 1000);
        streams.open("sam", 7L, 1000);

        streams.closeWatching(7, "dana");

        assertThat(streams.watchers())
                .containsExactlyInAnyOrder(new LiveStreams.Watcher(8, "dana"), new LiveStreams.Watcher(7, "sam"));
        assertThat(left).containsExactly("dana@7");
    }

    @Test
    void aJobPageGetsItsJobsNudgesOnly() {
        var job5 = new Reading();
        var job6 = new Reading();
        var emitters = new ArrayDeque<SseEmitter>(List.of(job5, job6));
        var pages = new LiveStreams(timeout -> emitters.poll(), 8, 100);
        pages.open("dana", null, 5L, 1000);
        pages.open("dana", null, 6L, 1000);
        assertThat(pages.anyJobWatched()).isTrue();
        assertThat(pages.watchedJob(7)).isFalse();

        pages.toJob(5, SseEmitter.event().name("job-texts").data(""));

        await().atMost(Duration.ofSeconds(5)).until(() -> job5.received.size() == 1);
        assertThat(job6.received).isEmpty();
    }

    @Test
    void pastTheTotalCapNoStreamIsOpened() {
        var streams = new LiveStreams(SseEmitter::new, 8, 3);
        streams.open("a", null, 1000);
        streams.open("b", null, 1000);
        streams.open("c", null, 1000);
        assertThat(streams.open("d", null, 1000)).isEmpty();
        assertThat(streams.count(null)).isEqualTo(3);
    }

    @Test
    void aStreamWhoseSendFailsIsForgottenAndItsCustomerWithIt() {
        var streams = new LiveStreams(timeout -> new Gone(), 8, 100);
        streams.open("dana", 7L, 1000);
        streams.open("dana", null, 1000);
        assertThat(streams.watched(7)).isTrue();

        streams.toAll(SseEmitter.event().comment("keep-alive")); // the heartbeat reaches badge-only streams too
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.count(null) == 0);
        assertThat(streams.count("dana")).isZero();
        assertThat(streams.watched(7)).isFalse();
    }

    @Test
    void closingEveryStreamForgetsEveryCustomer() {
        var streams = new LiveStreams();
        for (long customer : Set.of(1L, 2L, 3L)) {
            streams.open("dana", customer, 1000);
        }
        streams.closeAll();
        assertThat(streams.isEmpty()).isTrue();
        assertThat(streams.watched(1)).isFalse();
    }

    @Test
    void aBrowserThatStoppedReadingHoldsUpNoOtherAndIsDroppedOnceTooFarBehind() {
        var stuck = new Stuck();
        var reading = new Reading();
        var next = new ArrayDeque<SseEmitter>(List.of(stuck, reading));
        var streams = new LiveStreams(timeout -> next.poll(), 8, 100);
        streams.open("left-a-tab-open", 7L, 1000);
        streams.open("dana", 7L, 1000);

        for (int i = 0; i <= LiveStreams.BACKLOG + 1; i++) {
            var text = SseEmitter.event().name("message").data("text " + i);
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> streams.toCustomer(7, text));
            var sent = i + 1;
            await().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> reading.received.size() == sent);
        }
        assertThat(streams.count("left-a-tab-open")).isZero(); // too far behind: dropped, not waited for
        assertThat(streams.count("dana")).isEqualTo(1);
        assertThat(stuck.completed).isFalse(); // ending it now would wait for the stuck write

        stuck.letGo.countDown();
        await().atMost(Duration.ofSeconds(5)).untilTrue(stuck.completed);
    }

    @Test
    void aNewPageClosesTheOldestStreamWithoutWaitingForItsStuckWrite() {
        var stuck = new Stuck();
        var next = new ArrayDeque<SseEmitter>(List.of(stuck, new Reading(), new Reading()));
        var streams = new LiveStreams(timeout -> next.poll(), 2, 100);
        streams.open("dana", null, 1000);
        streams.toAll(SseEmitter.event().comment("keep-alive"));
        streams.open("dana", null, 1000);

        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThat(streams.open("dana", null, 1000)).isPresent());
        assertThat(streams.count("dana")).isEqualTo(2);
        stuck.letGo.countDown();
        await().atMost(Duration.ofSeconds(5)).untilTrue(stuck.completed);
    }

    @Test
    void endingAUsersStreamsSendsThemTheLastEventAndLeavesTheOthersOpen() {
        var danas = new Reading();
        var sams = new Reading();
        var next = new ArrayDeque<SseEmitter>(List.of(danas, sams));
        var streams = new LiveStreams(timeout -> next.poll(), 8, 100);
        streams.open("dana", 7L, 1000);
        streams.open("sam", 7L, 1000);

        streams.endUser("dana", SseEmitter.event().name("session-ended").data(""));
        assertThat(streams.count("dana")).isZero();
        assertThat(streams.count("sam")).isEqualTo(1);
        assertThat(streams.watched(7)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilTrue(danas.completed);
        assertThat(danas.received).hasSize(1);
        assertThat(sams.completed).isFalse();
    }
}
