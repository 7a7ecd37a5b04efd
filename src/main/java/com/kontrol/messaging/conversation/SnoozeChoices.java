package com.kontrol.messaging.conversation;

import com.kontrol.messaging.OpeningHours;
import com.kontrol.web.Times;
import java.time.Clock;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The snooze buttons' times, in the business's time zone: "later today" is three hours on (to the quarter hour) while
 * that is still today, "next opening" is when the office opens on a later day (Settings › Business hours; 08:00
 * tomorrow when it never opens); or a time someone picks, read in the same zone.
 */
@Component
class SnoozeChoices {

    static final LocalTime MORNING = LocalTime.of(8, 0);

    /** A button: its label ("Later today, 17:30") and the instant it snoozes until. */
    record Choice(String label, OffsetDateTime until) {}

    private final Times times;
    private final OpeningHours hours;
    private final Clock clock;

    SnoozeChoices(Times times, OpeningHours hours, Clock clock) {
        this.times = times;
        this.hours = hours;
        this.clock = clock;
    }

    List<Choice> now() {
        var now = ZonedDateTime.now(clock.withZone(times.zone()));
        var choices = new ArrayList<Choice>();
        var later = roundUpToQuarter(now.plusHours(3));
        if (later.toLocalDate().equals(now.toLocalDate())) {
            choices.add(new Choice(
                    "Later today, " + times.format(later.toOffsetDateTime(), "HH:mm"), later.toOffsetDateTime()));
        }
        var tomorrow = now.toLocalDate().plusDays(1).atStartOfDay(times.zone());
        var opening = hours.nextOpening(tomorrow.toInstant())
                .map(at -> at.atZone(times.zone()))
                .orElse(tomorrow.with(MORNING));
        choices.add(new Choice(
                "Next opening, " + times.format(opening.toOffsetDateTime(), "EEE HH:mm"), opening.toOffsetDateTime()));
        return choices;
    }

    /** A time from the page's picker ("2026-12-03T09:30", no zone: the business's), or a button's instant. */
    OffsetDateTime picked(String value) {
        return times.picked(value, "Choose a day and time to snooze until.");
    }

    private static ZonedDateTime roundUpToQuarter(ZonedDateTime t) {
        var truncated = t.truncatedTo(ChronoUnit.MINUTES);
        var extra = (15 - truncated.getMinute() % 15) % 15;
        return truncated.plusMinutes(extra);
    }
}
