package com.kontrol.messaging.outbound;

import java.time.LocalTime;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kontrol.automatic-texts.*}, the governor's rules for every text no person typed: at most {@code per-hour}
 * and {@code per-day} to one number ({@code staff-per-hour} and {@code staff-per-day} for the team's own phones: on-call
 * pages and the answers to their texted commands); {@code quiet-hours} ("08:00-20:00", the strictest US state rules; empty or "off" turns it off) in the
 * recipient's own time zone for texts Kontrol sends on its own schedule; {@code countries} it may text (ISO codes;
 * empty: the default region).
 */
@ConfigurationProperties("kontrol.automatic-texts")
record AutomaticTextSettings(
        @DefaultValue("5") int perHour,
        @DefaultValue("20") int perDay,
        @DefaultValue("20") int staffPerHour,
        @DefaultValue("60") int staffPerDay,
        @DefaultValue("08:00-20:00") String quietHours,
        @DefaultValue({}) List<String> countries) {

    /** The daytime window automatic scheduled texts may go in, or null when quiet hours are off. */
    Window window() {
        var text = quietHours == null ? "" : quietHours.strip();
        if (text.isEmpty() || text.equalsIgnoreCase("off")) {
            return null;
        }
        var parts = text.split("-");
        if (parts.length != 2) {
            throw new IllegalStateException("kontrol.automatic-texts.quiet-hours is \"" + text
                    + "\": write the window texts may go in as" + " HH:MM-HH:MM, e.g. 08:00-20:00, or off");
        }
        var window = new Window(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
        if (!window.from().isBefore(window.to())) {
            throw new IllegalStateException(
                    "kontrol.automatic-texts.quiet-hours: the window must start before it ends");
        }
        return window;
    }

    /** The hours of the day (in the recipient's zone) when Kontrol may text on its own schedule. */
    record Window(LocalTime from, LocalTime to) {
        boolean contains(LocalTime t) {
            return !t.isBefore(from) && t.isBefore(to);
        }

        @Override
        public String toString() {
            return from + "–" + to;
        }
    }
}
