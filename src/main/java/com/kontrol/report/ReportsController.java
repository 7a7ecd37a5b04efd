package com.kontrol.report;

import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import com.kontrol.web.Times;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Reports, the page an owner reads: how fast the team answers (first and next responses, who answers, the longest
 * waits, each a link to its thread), what texting amounted to and cost, and when customers text; for the last 7, 30 or
 * 90 days, today, or days of one's choosing, each beside the same number of days before. Admins see the team, everyone
 * else their own answers and texts.
 */
@Controller
class ReportsController {

    static final int WAITS = 10;

    private final Reports reports;
    private final ResponseTarget target;
    private final Times times;

    ReportsController(Reports reports, ResponseTarget target, Times times) {
        this.reports = reports;
        this.target = target;
        this.times = times;
    }

    @GetMapping("/reports")
    String page(
            @RequestParam(defaultValue = "30") String range,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "business") String hours,
            Authentication me,
            Model model) {
        var today = LocalDate.now(times.zone());
        if (!"custom".equals(range) && from != null && to != null && !from.isBlank() && !to.isBlank()) {
            // Days typed into the form win over the preset it still shows (the form sends both).
            var preset = "today".equals(range) ? 1 : range.matches("7|30|90") ? Integer.parseInt(range) : 0;
            if (preset == 0
                    || !ReportRange.last(preset, today, true).from().toString().equals(from)
                    || !today.toString().equals(to)) {
                range = "custom";
            }
        }
        ReportRange chosen;
        try {
            chosen = switch (range) {
                case "today" -> ReportRange.last(1, today, ReportRange.business(hours));
                case "7", "30", "90" -> ReportRange.last(Integer.parseInt(range), today, ReportRange.business(hours));
                case "custom" -> ReportRange.parse(from, to, hours);
                default ->
                    throw new InvalidInputException("Choose a range: today, 7, 30 or 90 days, or days of your own.");
            };
        } catch (InvalidInputException e) {
            model.addAttribute("rangeError", e.getMessage());
            chosen = ReportRange.last(30, today, true);
            range = "30";
        }
        var who = ReportsApiController.onlyOwn(me);
        var report = reports.of(chosen, who, WAITS);
        model.addAttribute("report", report);
        model.addAttribute("before", reports.figuresOnly(chosen.before(), who));
        model.addAttribute("team", who == null);
        model.addAttribute("range", range);
        model.addAttribute("fmt", new Formats());
        long max = Arrays.stream(report.busiestHours())
                .flatMapToLong(Arrays::stream)
                .max()
                .orElse(0);
        model.addAttribute("heatMax", max);
        return "reports";
    }

    /** The response target (admins), then back to the report as it was. */
    @PostMapping("/reports/target")
    String target(
            @RequestParam(defaultValue = "") String minutes,
            @RequestParam(defaultValue = "30") String range,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "business") String hours,
            Authentication me,
            RedirectAttributes redirect) {
        if (ReportsApiController.onlyOwn(me) != null) {
            throw new AccessDeniedException("Only an admin sets the response target.");
        }
        try {
            target.save(minutes, me.getName());
            redirect.addFlashAttribute("notice", "Response target saved.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("targetError", e.getMessage());
        }
        redirect.addAttribute("range", range);
        redirect.addAttribute("hours", hours);
        if (from != null && to != null) {
            redirect.addAttribute("from", from);
            redirect.addAttribute("to", to);
        }
        return "redirect:/reports";
    }

    /** The conversations behind one figure of the team's report (admins): newest first, each a link to its thread. */
    @GetMapping("/reports/rows")
    String rows(
            @RequestParam String kind,
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(required = false) Integer code,
            Authentication me,
            Model model) {
        if (ReportsApiController.onlyOwn(me) != null) {
            throw new AccessDeniedException("Only an admin sees the team's conversations behind a figure.");
        }
        if (!EventFigures.KINDS.contains(kind)) {
            throw new NotFoundException("There is no report figure \"" + kind + "\".");
        }
        var range = ReportRange.parse(from, to, "business");
        model.addAttribute("range", range);
        model.addAttribute("kind", kind);
        model.addAttribute("heading", TITLES.get(kind) + (code == null ? "" : " (carrier error " + code + ")"));
        model.addAttribute("rows", reports.rows(range, kind, code, ROWS));
        model.addAttribute("limit", ROWS);
        return "reports-rows";
    }

    static final int ROWS = 500;

    private static final java.util.Map<String, String> TITLES = java.util.Map.of(
            "opened", "New conversations",
            "reopened", "Conversations reopened after closing",
            "closed", "Conversations closed",
            "opted_out", "Numbers that opted out",
            "opted_in", "Numbers that opted back in",
            "delivery_failed", "Texts that could not be delivered",
            "call_missed", "Missed calls");

    /** A table of the report as CSV: {@code waits}, {@code people} or {@code texts}, for the range shown. */
    @GetMapping("/reports/{table}.csv")
    ResponseEntity<String> csv(
            @PathVariable String table,
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "business") String hours,
            Authentication me) {
        var range = ReportRange.parse(from, to, hours);
        var csv = ReportCsv.of(table, reports.of(range, ReportsApiController.onlyOwn(me), 100));
        if (csv == null) {
            throw new NotFoundException(
                    "There is no report table \"" + table + "\": waits, people, texts, periods or failures.");
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("kontrol-" + table + "-" + range.from() + "-" + range.to() + ".csv")
                                .build()
                                .toString())
                .body(csv);
    }

    /** How the page writes figures. */
    static final class Formats {

        /** "4 min", "1 h 20 min", "2 d 3 h"; "–" for none. */
        public String duration(Long seconds) {
            if (seconds == null) {
                return "–";
            }
            if (seconds < 60) {
                return seconds + " s";
            }
            long minutes = seconds / 60;
            if (minutes < 60) {
                return minutes + " min";
            }
            long hours = minutes / 60;
            if (hours < 24) {
                return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
            }
            return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
        }

        public String share(Double share) {
            return share == null ? "–" : Math.round(share * 100) + "%";
        }

        /** A cell's shade: 0.06 for none up to 1 for the busiest hour. */
        public String shade(long count, long max) {
            return String.format(Locale.ROOT, "%.2f", max == 0 ? 0.06 : 0.06 + 0.94 * count / max);
        }

        public String day(int index) {
            return new String[] {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}[index];
        }
    }
}
