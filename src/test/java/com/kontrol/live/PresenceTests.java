package com.kontrol.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Who else is in a thread, as each page sees it: everyone heard of but the one looking, typing for a few seconds after
 * the last keystroke, gone when they leave or when no instance has spoken of them for a while.
 */
class PresenceTests {

    final AtomicLong now = new AtomicLong(1_000_000);
    final Presence presence = new Presence(new LiveStreams(SseEmitter::new, 8, 100), null, now::get);

    @Test
    void eachPageSeesTheOthersHereButNotItself() {
        heard(7, "dana", Presence.State.HERE);
        heard(7, "sam", Presence.State.HERE);
        heard(8, "kai", Presence.State.HERE);

        assertThat(presence.line(7, "dana")).isEqualTo("Also here: <strong>sam</strong>");
        assertThat(presence.line(7, "sam")).isEqualTo("Also here: <strong>dana</strong>");
        assertThat(presence.line(7, "robin")).isEqualTo("Also here: <strong>dana</strong>, <strong>sam</strong>");
        assertThat(presence.line(8, "kai")).isEmpty();
    }

    @Test
    void typingShowsUntilAFewSecondsAfterTheLastKeystroke() {
        heard(7, "dana", Presence.State.TYPING);
        assertThat(presence.line(7, "sam"))
                .isEqualTo("Also here: <strong>dana</strong> <span class=\"typing\">is typing…</span>");

        now.addAndGet(Presence.TYPING_MILLIS + 1);
        presence.expire();

        assertThat(presence.line(7, "sam")).isEqualTo("Also here: <strong>dana</strong>");
    }

    @Test
    void someoneWhoLeftOrWasNotHeardOfInTimeIsGone() {
        heard(7, "dana", Presence.State.HERE);
        heard(7, "sam", Presence.State.HERE);
        heard(7, "sam", Presence.State.LEFT);
        assertThat(presence.line(7, "robin")).isEqualTo("Also here: <strong>dana</strong>");

        now.addAndGet(Presence.HERE_MILLIS - 1);
        heard(7, "kai", Presence.State.HERE);
        now.addAndGet(2);
        presence.expire();

        assertThat(presence.line(7, "robin")).isEqualTo("Also here: <strong>kai</strong>"); // dana's page went silent
    }

    @Test
    void aNameIsShownAsTextNotMarkup() {
        heard(7, "<img src=x onerror=alert(1)>", Presence.State.HERE);
        assertThat(presence.line(7, "dana"))
                .isEqualTo("Also here: <strong>&lt;img src=x onerror=alert(1)&gt;</strong>");
    }

    @Test
    void onePersonIsKeptInAtMostAPagesWorthOfThreads() {
        for (long customer = 1; customer <= Presence.PER_PERSON + 5; customer++) {
            heard(customer, "flood", Presence.State.TYPING);
        }
        assertThat(presence.line(Presence.PER_PERSON, "dana")).contains("flood");
        assertThat(presence.line(Presence.PER_PERSON + 1, "dana")).isEmpty();
    }

    private void heard(long customerId, String user, Presence.State state) {
        presence.heard(new LiveChange.Present(customerId, user, state));
    }
}
