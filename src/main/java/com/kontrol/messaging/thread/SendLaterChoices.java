package com.kontrol.messaging.thread;

import com.kontrol.web.Times;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The composer's "Send later" times, in the business's time zone: in an hour, tomorrow at 8:00, Monday at 8:00 (when
 * that is not tomorrow); or a day and time someone picks, read in the same zone.
 */
@Component
class SendLaterChoices {

    static final LocalTime MORNING = LocalTime.of(8, 0);

    /** A button: its label and the instant it schedules for. */
    record Choice(String label, OffsetDateTime at) {}

    private final Times times;
    private final Clock clock;

    SendLaterChoices(Times times, Clock clock) {
        this.times = times;
        this.clock = clock;
    }

    List<Choice> now() {
        var now = ZonedDateTime.now(clock.withZone(times.zone())).truncatedTo(ChronoUnit.MINUTES);
        var choices = new ArrayList<Choice>();
        choices.add(new Choice("In 1 hour", now.plusHours(1).toOffsetDateTime()));
        var tomorrow = now.toLocalDate().plusDays(1);
        choices.add(new Choice(
                "Tomorrow 8:00", tomorrow.atTime(MORNING).atZone(times.zone()).toOffsetDateTime()));
        var monday = now.toLocalDate().with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        if (!monday.equals(tomorrow)) {
            choices.add(new Choice(
                    "Monday 8:00", monday.atTime(MORNING).atZone(times.zone()).toOffsetDateTime()));
        }
        return choices;
    }

    /** A button's instant, or a day and time from the picker ("2026-12-03T09:30", no zone: the business's). */
    OffsetDateTime read(String value) {
        return times.picked(value, "Choose a day and time to send it.");
    }
}
