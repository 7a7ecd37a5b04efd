package com.kontrol.hours;

import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** {@code /api/v1/settings/business-hours} (admins): the week, the after-hours reply and the closed days. */
@ApiController("/api/v1/settings/business-hours")
class BusinessHoursApiController {

    record Reply(Boolean enabled, String body) {}

    record Closed(String date, String name) {}

    /** {@code week}: "mon" … "sun", each "HH:MM-HH:MM" or null (closed all day); "00:00-24:00" is open all day. */
    record Hours(Map<String, String> week, Reply afterHoursReply, List<Closed> closedDays) {}

    private final Timetable timetable;

    BusinessHoursApiController(Timetable timetable) {
        this.timetable = timetable;
    }

    @GetMapping
    Hours get() {
        return json(timetable.settings());
    }

    @PutMapping
    Hours put(@RequestBody Hours body, Principal user) {
        if (body.week() == null || body.afterHoursReply() == null) {
            throw new InvalidInputException("Send \"week\" and \"afterHoursReply\".");
        }
        var week = new EnumMap<DayOfWeek, String>(DayOfWeek.class);
        for (var entry : body.week().entrySet()) {
            var day = Arrays.stream(DayOfWeek.values())
                    .filter(d -> Timetable.column(d).equals(entry.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(
                            "\"" + entry.getKey() + "\" is not a day: mon, tue, wed, thu, fri, sat or sun."));
            week.put(day, entry.getValue());
        }
        var closed = new ArrayList<Timetable.ClosedDay>();
        for (var c : body.closedDays() == null ? List.<Closed>of() : body.closedDays()) {
            if (c == null || c.date() == null) {
                throw new InvalidInputException("Each closed day needs a \"date\" such as 2026-12-25.");
            }
            closed.add(new Timetable.ClosedDay(
                    Timetable.day(c.date()),
                    c.name() == null || c.name().isBlank() ? "Closed" : c.name().strip()));
        }
        var reply = body.afterHoursReply();
        return json(timetable.save(
                week,
                Boolean.TRUE.equals(reply.enabled()),
                reply.body(),
                Timetable.oncePerDay(closed),
                user.getName()));
    }

    private static Hours json(Timetable.Settings s) {
        var week = new LinkedHashMap<String, String>();
        for (var day : DayOfWeek.values()) {
            week.put(
                    Timetable.column(day),
                    s.week().containsKey(day) ? s.week().get(day).code() : null);
        }
        return new Hours(
                week,
                new Reply(s.afterHoursEnabled(), s.afterHoursBody()),
                s.closedDays().stream()
                        .map(d -> new Closed(d.day().toString(), d.name()))
                        .toList());
    }
}
