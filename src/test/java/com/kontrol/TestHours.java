package com.kontrol;

import java.util.List;

/** The body of {@code PUT /api/v1/settings/business-hours} for tests: one opening for weekdays, one for the weekend. */
public final class TestHours {

    /** Open round the clock, every day. */
    public static final String ALL_WEEK = week("00:00-24:00", "00:00-24:00");

    /** The defaults: Monday to Friday 08:00–17:00. */
    public static final String USUAL = week("08:00-17:00", null);

    /** Closed all week. */
    public static final String CLOSED = week(null, null);

    private TestHours() {}

    /** Each of {@code weekdays} and {@code weekend} as "HH:MM-HH:MM", or null for closed; the after-hours reply off. */
    public static String week(String weekdays, String weekend) {
        var days = new StringBuilder("{");
        for (var day : List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")) {
            var hours = day.startsWith("s") ? weekend : weekdays;
            days.append(days.length() == 1 ? "" : ",")
                    .append('"')
                    .append(day)
                    .append("\":")
                    .append(hours == null ? "null" : "\"" + hours + "\"");
        }
        return "{\"week\":" + days + "},\"afterHoursReply\":{\"enabled\":false,\"body\":\"We are closed.\"}}";
    }
}
