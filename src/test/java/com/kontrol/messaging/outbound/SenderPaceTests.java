package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each kind of sender has its documented default pace; a Messaging Service is paced by Twilio, not here. */
class SenderPaceTests {

    static final MessagingSettings DEFAULTS = new MessagingSettings(1, 3, 100, 8, 10, "Ace");

    @Test
    void aLongCodeSendsOneASecondATollFreeNumberThreeAShortCodeAHundred() {
        assertThat(SenderPace.intervalOf("+14155550100", false, DEFAULTS)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SenderPace.intervalOf("+18885550100", false, DEFAULTS)).isEqualTo(Duration.ofNanos(333_333_333));
        assertThat(SenderPace.intervalOf("+18335550100", false, DEFAULTS)).isEqualTo(Duration.ofNanos(333_333_333));
        assertThat(SenderPace.intervalOf("89203", false, DEFAULTS)).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aMessagingServiceIsNotPacedHere() {
        assertThat(SenderPace.intervalOf("MG" + "a".repeat(32), true, DEFAULTS)).isNull();
    }

    @Test
    void aRateOfZeroTurnsThatKindsPaceOff() {
        var noTollFreePace = new MessagingSettings(1, 0, 100, 8, 10, "Ace");
        assertThat(SenderPace.intervalOf("+18885550100", false, noTollFreePace)).isNull();
        assertThat(SenderPace.intervalOf("+14155550100", false, noTollFreePace)).isEqualTo(Duration.ofSeconds(1));
    }
}
