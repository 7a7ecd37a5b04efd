package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.visit.VisitStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which texts answer a visit reminder, and what they say. */
class VisitRepliesReadTests {

    @ParameterizedTest
    @ValueSource(strings = {"C", "c", "confirm", "Confirmed!", "yes", "C 2", "c #1"})
    void confirmations(String text) {
        assertThat(VisitReplies.read(text))
                .get()
                .satisfies(r -> assertThat(r.status()).isEqualTo(VisitStatus.CONFIRMED));
    }

    @Test
    void aRescheduleKeepsTheCustomersWordsAsTyped() {
        assertThat(VisitReplies.read("R can you do Thursday afternoon?")).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(VisitStatus.RESCHEDULE_REQUESTED);
            assertThat(r.words()).isEqualTo("can you do Thursday afternoon?");
        });
        assertThat(VisitReplies.read("reschedule 2"))
                .get()
                .satisfies(r -> assertThat(r.choice()).contains(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Running late?", "Call me", "Radiator is leaking", "cancel", "Can you come earlier"})
    void everydayTextsAreNotAnswers(String text) {
        assertThat(VisitReplies.read(text)).isEmpty();
    }
}
