package com.kontrol.web;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Shows times in the business's time zone ({@code kontrol.time-zone}, else the server's): the database keeps them in
 * UTC. Pages and live updates reach it as {@code times}.
 */
@Component
public class Times {

    private final ZoneId zone;
    private final Map<String, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

    Times(WebSettings settings) {
        this.zone = settings.timeZone() == null || settings.timeZone().isBlank()
                ? ZoneId.systemDefault()
                : ZoneId.of(settings.timeZone().strip());
    }

    /** "27 Nov 14:05" in the business's zone; empty for no time. */
    public String format(OffsetDateTime time, String pattern) {
        if (time == null) {
            return "";
        }
        var formatter = formatters.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p, Locale.ENGLISH));
        return time.atZoneSameInstant(zone).format(formatter);
    }

    /** The business's zone, for turning a day someone picked into instants. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The business's zone as PostgreSQL's {@code at time zone} reads it. A region ("Europe/Paris") reads the same
     * there; an offset does not: PostgreSQL reads "+05:30" the POSIX way, as west of UTC, so an offset is written as a
     * POSIX zone whose sign is turned accordingly ("&lt;UTC&gt;-05:30:00" for Java's +05:30).
     */
    public String forDatabase() {
        if (!(zone.normalized() instanceof ZoneOffset offset)) {
            return zone.getId();
        }
        int west = -offset.getTotalSeconds();
        int seconds = Math.abs(west);
        return String.format(
                Locale.ROOT,
                "<UTC>%s%02d:%02d:%02d",
                west < 0 ? "-" : "+",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60);
    }

    /**
     * A day and time someone picked on a page ("2026-12-03T09:30", no zone: read in the business's zone), or an
     * instant with its offset (a preset button's value).
     *
     * @throws InvalidInputException {@code whenBlank} for nothing picked, else saying what a time looks like
     */
    public OffsetDateTime picked(String value, String whenBlank) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(whenBlank);
        }
        var text = value.strip();
        try {
            return LocalDateTime.parse(text).atZone(zone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException again) {
                throw new InvalidInputException("\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                        + "\" is not a day and time such as 2026-12-03T08:00.");
            }
        }
    }

    /** The zone's short name, e.g. "PST" or "UTC". */
    public String zoneName() {
        return zone.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
