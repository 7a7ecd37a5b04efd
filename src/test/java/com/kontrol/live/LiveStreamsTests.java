package com.kontrol.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The open streams are bounded, and a dead one is forgotten (with its customer) as soon as a send to it fails. */
class LiveStreamsTests {

    /** A browser that went away: every send fails, as a write to its closed socket does. */
    static class Gone extends SseEmitter {
        @Override
        public void send(SseEventBuilder builder) throws IOException {
            throw new IOException("Broken pipe");
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
        assertThat(streams.count(null)).isZero();
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
}
