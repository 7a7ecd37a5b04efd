package com.kontrol.report;

import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /api/v1/reports}: response times over a range of days in the business's time zone (both ends included),
 * counted in business hours unless {@code hours=all}. Admins see the team; everyone else their own answers.
 */
@ApiController("/api/v1/reports")
class ReportsApiController {

    static final int MAX_DAYS = 400;

    private final ResponseTimes responses;
    private final Times times;
    private final Duration target;

    ReportsApiController(
            ResponseTimes responses, Times times, @Value("${kontrol.reports.target-minutes:15}") long targetMinutes) {
        this.responses = responses;
        this.times = times;
        this.target = Duration.ofMinutes(targetMinutes);
    }

    @GetMapping("/summary")
    Map<String, Object> summary(
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "business") String hours,
            Authentication me) {
        var range = range(from, to);
        boolean business = business(hours);
        var who = onlyOwn(me);
        var figures = responses.figures(range[0], range[1], business, target.toSeconds(), who);
        var out = new LinkedHashMap<String, Object>();
        out.put("from", from);
        out.put("to", to);
        out.put("hours", business ? "business" : "all");
        out.put("targetSeconds", target.toSeconds());
        out.put("firstResponse", figures.get("first"));
        out.put("nextResponse", figures.get("next"));
        out.put("byPerson", responses.people(range[0], range[1], business, who));
        return out;
    }

    @GetMapping("/waits")
    Map<String, List<ResponseTimes.Wait>> waits(
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "business") String hours,
            @RequestParam(defaultValue = "10") int limit,
            Authentication me) {
        var range = range(from, to);
        if (limit < 1 || limit > 100) {
            throw new InvalidInputException("limit is 1 to 100, not " + limit + ".");
        }
        return Map.of("waits", responses.longest(range[0], range[1], business(hours), onlyOwn(me), limit));
    }

    /** Null for an admin (the team), else the person's own username. */
    private static String onlyOwn(Authentication me) {
        return me.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN")) ? null : me.getName();
    }

    private static boolean business(String hours) {
        return switch (hours) {
            case "business" -> true;
            case "all" -> false;
            default -> throw new InvalidInputException("hours is business or all, not \"" + hours + "\".");
        };
    }

    private Instant[] range(String from, String to) {
        LocalDate first;
        LocalDate last;
        try {
            first = LocalDate.parse(from);
            last = LocalDate.parse(to);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("from and to are days like 2026-11-30.");
        }
        if (last.isBefore(first)) {
            throw new InvalidInputException("to (" + to + ") is before from (" + from + ").");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw new InvalidInputException("A range is at most " + MAX_DAYS + " days.");
        }
        var zone = times.zone();
        return new Instant[] {
            first.atStartOfDay(zone).toInstant(),
            last.plusDays(1).atStartOfDay(zone).toInstant()
        };
    }
}
