package com.kontrol.hours;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.web.InvalidInputException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settings › Business hours as saved: an opening per weekday (or closed all day), the closed days (holidays) and the
 * after-hours reply; read through a cache of a few seconds, saved whole and audited, refused when it cannot be.
 */
@Component
class Timetable {

    static final String DEFAULT_REPLY =
            "Thanks for your text! Our office is closed right now. We will get back to you" + " as soon as we open.";
    private static final Pattern HOURS = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");

    /** One weekday's opening; {@code closes} is null for 24:00 (midnight at the end of the day). */
    record Opening(LocalTime opens, LocalTime closes) {

        String code() {
            return String.format(Locale.ROOT, "%s-%s", opens, closes == null ? "24:00" : closes.toString());
        }
    }

    record ClosedDay(LocalDate day, String name) {}

    /** The settings as saved (or the defaults). */
    record Settings(
            Map<DayOfWeek, Opening> week,
            boolean afterHoursEnabled,
            String afterHoursBody,
            List<ClosedDay> closedDays,
            String updatedBy,
            OffsetDateTime updatedAt) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    // Every text from a customer asks (the after-hours reply): read from the database at most every few seconds.
    private final LoadingCache<Integer, Settings> cached;

    Timetable(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.cached =
                Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build(key -> load());
    }

    /** The settings, at most a few seconds old on another instance (this one sees its own save at once). */
    Settings settings() {
        return cached.get(1);
    }

    private Settings load() {
        var closed = jdbc.sql("select closed_on, name from closed_days order by closed_on")
                .query((rs, n) -> new ClosedDay(rs.getObject(1, LocalDate.class), rs.getString(2)))
                .list();
        return jdbc.sql("select mon, tue, wed, thu, fri, sat, sun, after_hours_enabled, after_hours_body, updated_by,"
                        + " updated_at from business_hours where id = 1")
                .query((rs, n) -> {
                    var week = new EnumMap<DayOfWeek, Opening>(DayOfWeek.class);
                    for (var day : DayOfWeek.values()) {
                        var value = rs.getString(day.getValue());
                        if (value != null) {
                            week.put(day, opening(day, value));
                        }
                    }
                    return new Settings(
                            week,
                            rs.getBoolean(8),
                            rs.getString(9),
                            closed,
                            rs.getString(10),
                            rs.getObject(11, OffsetDateTime.class));
                })
                .optional()
                .orElseGet(() -> {
                    var week = new EnumMap<DayOfWeek, Opening>(DayOfWeek.class);
                    for (var day : List.of(
                            DayOfWeek.MONDAY,
                            DayOfWeek.TUESDAY,
                            DayOfWeek.WEDNESDAY,
                            DayOfWeek.THURSDAY,
                            DayOfWeek.FRIDAY)) {
                        week.put(day, new Opening(LocalTime.of(8, 0), LocalTime.of(17, 0)));
                    }
                    return new Settings(week, false, DEFAULT_REPLY, closed, null, null);
                });
    }

    /** Saves the week (each day "HH:MM-HH:MM" or null), the reply and the closed days; refuses what cannot be. */
    @Transactional
    Settings save(
            Map<DayOfWeek, String> week, boolean replyEnabled, String replyBody, List<ClosedDay> closed, String by) {
        var openings = new EnumMap<DayOfWeek, Opening>(DayOfWeek.class);
        week.forEach((day, value) -> {
            if (value != null && !value.isBlank()) {
                openings.put(day, opening(day, value.strip()));
            }
        });
        var body = replyBody == null ? "" : replyBody.strip();
        if (replyEnabled && body.isEmpty()) {
            throw new InvalidInputException("Type the after-hours reply, or turn it off.");
        }
        if (body.length() > 1600) {
            throw new InvalidInputException("The after-hours reply is at most 1600 characters.");
        }
        var params = new HashMap<String, Object>();
        for (var day : DayOfWeek.values()) {
            params.put(
                    column(day), openings.containsKey(day) ? openings.get(day).code() : null);
        }
        params.put("enabled", replyEnabled);
        params.put("body", body.isEmpty() ? DEFAULT_REPLY : body);
        params.put("by", by);
        params.put("at", OffsetDateTime.now(clock));
        var set = "mon = :mon, tue = :tue, wed = :wed, thu = :thu, fri = :fri, sat = :sat, sun = :sun,"
                + " after_hours_enabled = :enabled, after_hours_body = :body, updated_by = :by, updated_at = :at";
        if (jdbc.sql("update business_hours set " + set + " where id = 1")
                        .params(params)
                        .update()
                == 0) {
            jdbc.sql("insert into business_hours (id, mon, tue, wed, thu, fri, sat, sun, after_hours_enabled,"
                            + " after_hours_body, updated_by, updated_at) values (1, :mon, :tue, :wed, :thu, :fri,"
                            + " :sat, :sun, :enabled, :body, :by, :at)")
                    .params(params)
                    .update();
        }
        jdbc.sql("delete from closed_days").update();
        for (var day : closed) {
            jdbc.sql("insert into closed_days (closed_on, name) values (:day, :name)")
                    .param("day", day.day())
                    .param("name", day.name())
                    .update();
        }
        var summary = new StringBuilder();
        for (var day : DayOfWeek.values()) {
            summary.append(day.name(), 0, 3)
                    .append(' ')
                    .append(openings.containsKey(day) ? openings.get(day).code() : "closed")
                    .append("; ");
        }
        cached.invalidateAll();
        audit.record(
                by,
                AuditAction.SETTINGS_CHANGED,
                null,
                "Business hours: " + summary + closed.size() + " closed days; after-hours reply "
                        + (replyEnabled ? "on" : "off"));
        return settings();
    }

    private static Opening opening(DayOfWeek day, String value) {
        var m = HOURS.matcher(value);
        var name = day.name().charAt(0) + day.name().substring(1, 3).toLowerCase(Locale.ROOT);
        if (!m.matches()) {
            throw new InvalidInputException(
                    name + ": \"" + cut(value) + "\" is not opening hours such as 08:00-17:00 (or closed).");
        }
        try {
            var opens = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            var closesAtMidnight = m.group(3).equals("24") && m.group(4).equals("00");
            var closes =
                    closesAtMidnight ? null : LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            if (closes != null && !closes.isAfter(opens)) {
                throw new InvalidInputException(name + ": the office must close after it opens (" + value + ").");
            }
            return new Opening(opens, closes);
        } catch (DateTimeException e) {
            throw new InvalidInputException(name + ": \"" + cut(value) + "\" is not a time of day.");
        }
    }

    static LocalDate day(String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("\"" + cut(value) + "\" is not a day such as 2026-12-25.");
        }
    }

    /** The closed days, a day listed twice kept once (its first name). */
    static List<ClosedDay> oncePerDay(List<ClosedDay> days) {
        var byDay = new LinkedHashMap<LocalDate, ClosedDay>();
        days.forEach(d -> byDay.putIfAbsent(d.day(), d));
        return List.copyOf(byDay.values());
    }

    static String column(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    private static String cut(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "…" : s;
    }
}
