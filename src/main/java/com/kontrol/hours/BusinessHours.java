package com.kontrol.hours;

import com.kontrol.messaging.OpeningHours;
import com.kontrol.web.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * When the office is open, in the business's time zone, by its {@link Timetable} (an opening per weekday, closed
 * days): answers "open now?" and "closed since when?", which names the closed period an after-hours reply is sent
 * once in.
 */
@Component
public class BusinessHours implements OpeningHours {

    private static final int LOOK_BACK_DAYS = 400; // a closed period longer than that is named by its first 400 days

    private final Timetable timetable;
    private final Times times;

    BusinessHours(Timetable timetable, Times times) {
        this.timetable = timetable;
        this.times = times;
    }

    /** Whether the office is open at {@code at}. */
    public boolean isOpen(Instant at) {
        return closedSince(at).isEmpty();
    }

    /**
     * Since when the office has been closed at {@code at} (the last closing before it), or empty while it is open. A
     * closed period is the same one for every text in it: an after-hours reply goes once per period.
     */
    public Optional<Instant> closedSince(Instant at) {
        var s = timetable.settings();
        var zone = times.zone();
        var now = at.atZone(zone);
        var closedDays = s.closedDays().stream().map(Timetable.ClosedDay::day).toList();
        for (int back = 0; back <= LOOK_BACK_DAYS; back++) {
            var day = now.toLocalDate().minusDays(back);
            var opening = closedDays.contains(day) ? null : s.week().get(day.getDayOfWeek());
            if (opening == null) {
                continue;
            }
            var opens = day.atTime(opening.opens()).atZone(zone);
            var closes = opening.closes() == null
                    ? day.plusDays(1).atStartOfDay(zone)
                    : day.atTime(opening.closes()).atZone(zone);
            if (!now.isBefore(opens) && now.isBefore(closes)) {
                return Optional.empty(); // open
            }
            if (!closes.isAfter(now)) {
                return Optional.of(closes.toInstant());
            }
            // this day's opening is still to come: the closed period began before it
        }
        return Optional.of(
                now.toLocalDate().minusDays(LOOK_BACK_DAYS).atStartOfDay(zone).toInstant());
    }

    /**
     * When the office has been open for {@code open} in all from {@code from} (only opening hours count: a text at
     * 16:55 that may wait ten minutes reaches that at 08:05 the next working day), or empty when the office does not
     * open that long within the next 400 days.
     */
    public Optional<Instant> afterOpenTime(Instant from, Duration open) {
        var s = timetable.settings();
        var zone = times.zone();
        var left = open;
        var start = from.atZone(zone);
        for (int ahead = 0; ahead <= LOOK_BACK_DAYS; ahead++) {
            var day = start.toLocalDate().plusDays(ahead);
            var hours = openOn(s, day);
            if (hours.isEmpty()) {
                continue;
            }
            var opens = hours.get()[0].isBefore(from) ? from : hours.get()[0];
            var closes = hours.get()[1];
            if (!opens.isBefore(closes)) {
                continue;
            }
            var here = Duration.between(opens, closes);
            if (here.compareTo(left) >= 0) {
                return Optional.of(opens.plus(left));
            }
            left = left.minus(here);
        }
        return Optional.empty();
    }

    /**
     * How long the office was open between {@code from} and {@code to} (a text at 16:55 answered at 08:05 the next
     * working day waited ten minutes of it), by today's timetable; zero when {@code to} is not after {@code from}. At
     * most 400 days are looked at.
     */
    public Duration openBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        var s = timetable.settings();
        var open = Duration.ZERO;
        var first = from.atZone(times.zone()).toLocalDate().minusDays(1); // an opening past midnight may hold from
        var last = to.atZone(times.zone()).toLocalDate();
        for (var day = first;
                !day.isAfter(last) && !day.isAfter(first.plusDays(LOOK_BACK_DAYS));
                day = day.plusDays(1)) {
            var hours = openOn(s, day);
            if (hours.isEmpty()) {
                continue;
            }
            var opens = hours.get()[0].isBefore(from) ? from : hours.get()[0];
            var closes = hours.get()[1].isAfter(to) ? to : hours.get()[1];
            if (opens.isBefore(closes)) {
                open = open.plus(Duration.between(opens, closes));
            }
        }
        return open;
    }

    @Override
    public Optional<Instant> nextOpening(Instant at) {
        var s = timetable.settings();
        var start = at.atZone(times.zone());
        for (int ahead = 0; ahead <= LOOK_BACK_DAYS; ahead++) {
            var hours = openOn(s, start.toLocalDate().plusDays(ahead));
            if (hours.isPresent() && hours.get()[1].isAfter(at)) {
                return Optional.of(hours.get()[0].isBefore(at) ? at : hours.get()[0]);
            }
        }
        return Optional.empty();
    }

    /** The day's opening and closing instants, or empty when the office is closed all day. */
    private Optional<Instant[]> openOn(Timetable.Settings s, LocalDate day) {
        var zone = times.zone();
        var closed = s.closedDays().stream().anyMatch(d -> d.day().equals(day));
        var opening = closed ? null : s.week().get(day.getDayOfWeek());
        if (opening == null) {
            return Optional.empty();
        }
        var opens = day.atTime(opening.opens()).atZone(zone).toInstant();
        var closes = opening.closes() == null
                ? day.plusDays(1).atStartOfDay(zone).toInstant()
                : day.atTime(opening.closes()).atZone(zone).toInstant();
        return Optional.of(new Instant[] {opens, closes});
    }
}
