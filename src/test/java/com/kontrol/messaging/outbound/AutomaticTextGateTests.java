package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.KontrolTest;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.AutomaticTextGate.Facts;
import com.kontrol.messaging.outbound.AutomaticTextSettings.Window;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.Times;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The governor's rules as one table, and its quiet hours read in the recipient's own time zone with a fixed clock: a
 * reminder due at 03:00 where the customer lives waits for 08:00 there, a status change at 03:00 goes at once.
 */
@KontrolTest
class AutomaticTextGateTests {

    private static final Window DAYTIME = new Window(LocalTime.of(8, 0), LocalTime.of(20, 0));
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PhoneNumbers numbers;

    @Autowired
    Times times;

    @ParameterizedTest(name = "{0} {1}, {2}{3}, {4}/h {5}/day {6} answers, due {7} → {8} {9}")
    @CsvSource(delimiter = '|', textBlock = """
            NOW       | texts | US | false | 0 | 0  | 0 | 12:00 | go          |
            NOW       | texts | US | true  | 0 | 0  | 0 | 12:00 | destination |
            NOW       | texts | GB | false | 0 | 0  | 0 | 12:00 | destination |
            NOW       | texts |    | false | 0 | 0  | 0 | 12:00 | destination |
            NOW       | texts | US | false | 5 | 5  | 0 | 12:00 | budget      |
            NOW       | texts | US | false | 4 | 20 | 0 | 12:00 | budget      |
            NOW       | staff | US | false | 5 | 5  | 0 | 12:00 | go          |
            NOW       | staff | US | false | 20| 20 | 0 | 12:00 | budget      |
            ANSWER    | texts | US | false | 2 | 2  | 2 | 12:00 | loop        |
            ANSWER    | texts | US | false | 1 | 1  | 1 | 12:00 | go          |
            NOW       | texts | US | false | 2 | 2  | 2 | 12:00 | go          |
            SCHEDULED | texts | US | false | 0 | 0  | 0 | 03:00 | go          | 08:00 same day
            SCHEDULED | texts | US | false | 0 | 0  | 0 | 20:00 | go          | 08:00 next day
            SCHEDULED | texts | US | false | 0 | 0  | 0 | 07:59 | go          | 08:00 same day
            SCHEDULED | texts | US | false | 0 | 0  | 0 | 08:00 | go          |
            NOW       | texts | US | false | 0 | 0  | 0 | 03:00 | go          |
            ANSWER    | texts | US | false | 0 | 0  | 0 | 23:30 | go          |
            """)
    void theRulesInOrder(
            Trigger trigger,
            String budget,
            String region,
            boolean premium,
            long lastHour,
            long lastDay,
            long answers,
            LocalTime dueThere,
            String expected,
            String waitsUntil) {
        var due = ZonedDateTime.of(2026, 12, 7, dueThere.getHour(), dueThere.getMinute(), 0, 0, NEW_YORK);
        var perHour = AutomaticTextGate.STAFF.equals(budget) ? 20 : 5;
        var perDay = AutomaticTextGate.STAFF.equals(budget) ? 60 : 20;
        var verdict = AutomaticTextGate.decide(
                new Facts(trigger, budget, region, premium, lastHour, lastDay, answers, due),
                perHour,
                perDay,
                List.of("US"),
                DAYTIME);
        assertThat(verdict.held() ? verdict.rule() : "go").isEqualTo(expected);
        if (waitsUntil == null) {
            assertThat(verdict.notBefore()).isNull();
        } else {
            var day = waitsUntil.endsWith("next day") ? due.toLocalDate().plusDays(1) : due.toLocalDate();
            assertThat(verdict.notBefore())
                    .isEqualTo(day.atTime(8, 0).atZone(NEW_YORK).toOffsetDateTime());
        }
    }

    @Test
    void aReminderDueAtThreeWhereTheCustomerLivesWaitsForEightWhileAStatusChangeGoesAtOnce() {
        // 03:00 in New York is midnight in the business's zone of a Californian plumber: the number decides.
        var threeInNewYork = ZonedDateTime.of(2026, 12, 7, 3, 0, 0, 0, NEW_YORK);
        var gate = gateAt(threeInNewYork);
        var newYorker = "+12125550178";

        var reminder = gate.check(newYorker, Sender.Automatic.NOTIFICATION, Trigger.SCHEDULED, null);
        var statusChange = gate.check(newYorker, Sender.Automatic.NOTIFICATION, Trigger.NOW, null);

        assertThat(reminder.held()).isFalse();
        assertThat(reminder.notBefore()).isEqualTo(threeInNewYork.withHour(8).toOffsetDateTime());
        assertThat(statusChange.held()).isFalse();
        assertThat(statusChange.notBefore()).isNull();
        // And the outbox's check when the reminder is about to go: still quiet at 07:59, open at 08:00.
        assertThat(gate.quietUntil(
                        newYorker, threeInNewYork.withHour(7).withMinute(59).toOffsetDateTime()))
                .contains(threeInNewYork.withHour(8).toOffsetDateTime());
        assertThat(gate.quietUntil(newYorker, threeInNewYork.withHour(8).toOffsetDateTime()))
                .isEmpty();
    }

    @Test
    void aNumberThatSpansSeveralZonesIsReadInTheBusinessZone() {
        // A Canadian toll-free or a number libphonenumber cannot place in one zone: the business's own zone.
        assertThat(numbers.zoneOf("+18005550100", times.zone())).isEqualTo(times.zone());
        assertThat(numbers.zoneOf("+12125550178", times.zone())).isEqualTo(NEW_YORK);
    }

    private AutomaticTextGate gateAt(ZonedDateTime now) {
        var settings = new AutomaticTextSettings(5, 20, 20, 60, "08:00-20:00", List.of());
        return new AutomaticTextGate(jdbc, settings, numbers, times, Clock.fixed(now.toInstant(), now.getZone()));
    }
}
