package com.kontrol.messaging.thread;

import com.kontrol.messaging.OpeningHours;
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
 * The composer's "Send later" times, in the business's time zone: in an hour; the next opening on a later day
 * (Settings › Business hours; 8:00 tomorrow when the office never opens); Monday's opening when that is another
 * day; or a day and time someone picks, read in the same zone.
 */
@Component
class SendLaterChoices {

    static final LocalTime MORNING = LocalTime.of(8, 0);

    /** A button: its label and the instant it schedules for. */
    record Choice(String label, OffsetDateTime at) {}

    private final Times times;
    private final OpeningHours hours;
    private final Clock clock;

    SendLaterChoices(Times times, OpeningHours hours, Clock clock) {
        this.times = times;
        this.hours = hours;
        this.clock = clock;
    }

    List<Choice> now() {
        var now = ZonedDateTime.now(clock.withZone(times.zone())).truncatedTo(ChronoUnit.MINUTES);
        var choices = new ArrayList<Choice>();
        choices.add(new Choice("In 1 hour", now.plusHours(1).toOffsetDateTime()));
        var zone = times.zone();
        var tomorrow = now.toLocalDate().plusDays(1).atStartOfDay(zone);
        var opening = hours.nextOpening(tomorrow.toInstant())
                .map(at -> at.atZone(zone))
                .orElse(tomorrow.with(MORNING));
        choices.add(new Choice(
                "Next opening, " + times.format(opening.toOffsetDateTime(), "EEE H:mm"), opening.toOffsetDateTime()));
        var monday = now.toLocalDate().with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        hours.nextOpening(monday.atStartOfDay(zone).toInstant())
                .map(at -> at.atZone(zone))
                .filter(at ->
                        at.toLocalDate().equals(monday) && !at.toLocalDate().equals(opening.toLocalDate()))
                .ifPresent(at -> choices.add(
                        new Choice("Monday " + times.format(at.toOffsetDateTime(), "H:mm"), at.toOffsetDateTime())));
        return choices;
    }

    /** A button's instant, or a day and time from the picker ("2026-12-03T09:30", no zone: the business's). */
    OffsetDateTime read(String value) {
        return times.picked(value, "Choose a day and time to send it.");
    }
}
