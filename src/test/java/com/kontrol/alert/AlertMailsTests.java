package com.kontrol.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.messaging.Direction;
import com.kontrol.messaging.Message;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an alert e-mail says the customer said: their words, "(a photo)", or what their call was. */
class AlertMailsTests {

    @Test
    void aCallIsSaidInWordsBesideTheTexts() {
        var at = OffsetDateTime.parse("2026-12-07T09:00:00Z");
        var text = message(Direction.INBOUND, "received", "Is anyone there?", at);
        var missed = message(Direction.CALL, "missed", "", at);
        var voicemail = message(Direction.CALL, "voicemail", "the basement is flooding", at);

        assertThat(AlertMails.said(List.of(text, missed, voicemail)))
                .isEqualTo("Is anyone there?\n(Missed call)\n(Voicemail: the basement is flooding)");
    }

    private static Message message(Direction direction, String status, String body, OffsetDateTime at) {
        return new Message(
                1,
                "CA1",
                7L,
                null,
                direction,
                "+14155550100",
                "+14155550199",
                body,
                status,
                null,
                null,
                null,
                at,
                List.of(),
                null,
                null);
    }
}
