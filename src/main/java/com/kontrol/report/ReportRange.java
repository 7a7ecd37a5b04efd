package com.kontrol.report;

import com.kontrol.web.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The days a report covers, both included, in the business's time zone, and whether waits count only while the office
 * is open ({@code business}) or on the clock.
 */
record ReportRange(LocalDate from, LocalDate to, boolean business) {

    static final int MAX_DAYS = 400;

    /**
     * @throws InvalidInputException for days that cannot be read, a range backwards or over {@link #MAX_DAYS}, or
     *     {@code hours} other than business and all
     */
    static ReportRange parse(String from, String to, String hours) {
        LocalDate first;
        LocalDate last;
        try {
            first = LocalDate.parse(from);
            last = LocalDate.parse(to);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException("from and to are days like 2026-11-30.");
        }
        if (last.isBefore(first)) {
            throw new InvalidInputException("to (" + to + ") is before from (" + from + ").");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw new InvalidInputException("A range is at most " + MAX_DAYS + " days.");
        }
        return new ReportRange(first, last, business(hours));
    }

    /** The last {@code days} days up to {@code today}. */
    static ReportRange last(int days, LocalDate today, boolean business) {
        return new ReportRange(today.minusDays(days - 1L), today, business);
    }

    static boolean business(String hours) {
        return switch (hours == null ? "business" : hours) {
            case "business" -> true;
            case "all" -> false;
            default -> throw new InvalidInputException("hours is business or all, not \"" + hours + "\".");
        };
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** Whether the report's series goes by week rather than by day: over a month of days. */
    public boolean weekly() {
        return days() > 31;
    }

    /** The period {@code day} falls in: itself, or its week's Monday (not before {@code from}) when weekly. */
    static LocalDate period(LocalDate day, LocalDate from, boolean weekly) {
        if (!weekly) {
            return day;
        }
        var monday = day.minusDays(day.getDayOfWeek().getValue() - 1L);
        return monday.isBefore(from) ? from : monday;
    }

    /** The same number of days just before: what a report compares with. */
    ReportRange before() {
        return new ReportRange(from.minusDays(days()), from.minusDays(1), business);
    }

    Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public String hours() {
        return business ? "business" : "all";
    }
}
