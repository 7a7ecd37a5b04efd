package com.kontrol.hours;

import java.time.DayOfWeek;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings › Business hours as the admin typed it: shown from the saved settings, and shown again as typed when saving
 * refuses it, so that one wrong field loses none of the others.
 */
record BusinessHoursForm(
        Map<String, Day> days,
        String closedDays,
        boolean replyEnabled,
        String replyBody,
        boolean emergencyEnabled,
        String emergencyWords,
        String rotation,
        String ackMinutes,
        String confirmation) {

    /** One weekday's row: ticked open, and the two time inputs as they read. */
    record Day(boolean open, String opens, String closes) {}

    static BusinessHoursForm of(Timetable.Settings settings, EmergencyLine.Settings line) {
        var days = new LinkedHashMap<String, Day>();
        for (var day : DayOfWeek.values()) {
            var o = settings.week().get(day);
            days.put(
                    Timetable.column(day),
                    o == null
                            ? new Day(false, "08:00", "17:00")
                            : new Day(
                                    true,
                                    o.opens().toString(),
                                    o.closes() == null ? "00:00" : o.closes().toString()));
        }
        var closed = new StringBuilder();
        for (var d : settings.closedDays()) {
            closed.append(closed.isEmpty() ? "" : "\n")
                    .append(d.day())
                    .append(' ')
                    .append(d.name());
        }
        return new BusinessHoursForm(
                days,
                closed.toString(),
                settings.afterHoursEnabled(),
                settings.afterHoursBody(),
                line.enabled(),
                line.wordList(),
                String.join("\n", line.rotation()),
                String.valueOf(line.ackMinutes()),
                line.confirmation());
    }

    /** The day's row by its code ({@code mon} … {@code sun}), for the template. */
    public Day day(String code) {
        return days.get(code);
    }
}
