package com.kontrol.hours;

import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings › Business hours (admins): the week, the closed days and the after-hours reply. */
@Controller
@RequestMapping("/settings/business-hours")
class BusinessHoursController {

    private final Timetable timetable;
    private final BusinessHours hours;
    private final EmergencyLine line;
    private final TransactionTemplate transactions;
    private final Clock clock;

    BusinessHoursController(
            Timetable timetable,
            BusinessHours hours,
            EmergencyLine line,
            TransactionTemplate transactions,
            Clock clock) {
        this.timetable = timetable;
        this.hours = hours;
        this.line = line;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping
    String page(Model model) {
        var settings = timetable.settings();
        model.addAttribute("settings", settings);
        model.addAttribute("days", DayOfWeek.values());
        model.addAttribute("open", hours.isOpen(clock.instant()));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", BusinessHoursForm.of(settings, line.settings()));
        }
        return "settings/business-hours";
    }

    /**
     * Each day comes as {@code open-mon=true}, {@code opens-mon=08:00}, {@code closes-mon=17:00} (the time inputs);
     * closed days as lines of "2026-12-25 Christmas".
     */
    @PostMapping
    String save(
            @RequestParam Map<String, String> form,
            @RequestParam(defaultValue = "false") boolean replyEnabled,
            @RequestParam(defaultValue = "") String replyBody,
            @RequestParam(defaultValue = "") String closedDays,
            @RequestParam(defaultValue = "false") boolean emergencyEnabled,
            @RequestParam(defaultValue = "") String emergencyWords,
            @RequestParam(defaultValue = "10") String ackMinutes,
            @RequestParam(defaultValue = "") String confirmation,
            @RequestParam(defaultValue = "") String rotation,
            Principal user,
            Model model,
            RedirectAttributes redirect) {
        try {
            var week = new EnumMap<DayOfWeek, String>(DayOfWeek.class);
            for (var day : DayOfWeek.values()) {
                var code = Timetable.column(day);
                if ("true".equals(form.get("open-" + code))) {
                    var closes = form.getOrDefault("closes-" + code, "");
                    week.put(
                            day,
                            form.getOrDefault("opens-" + code, "") + "-" + ("00:00".equals(closes) ? "24:00" : closes));
                }
            }
            var closed = new ArrayList<Timetable.ClosedDay>();
            for (var line : closedDays.split("\\R")) {
                var clean = line.strip();
                if (clean.isEmpty()) {
                    continue;
                }
                var parts = clean.split("\\s+", 2);
                closed.add(new Timetable.ClosedDay(Timetable.day(parts[0]), parts.length > 1 ? parts[1] : "Closed"));
            }
            int minutes;
            try {
                minutes = Integer.parseInt(ackMinutes.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("The time to acknowledge a page is a number of minutes.");
            }
            transactions.executeWithoutResult(status -> {
                timetable.save(week, replyEnabled, replyBody, Timetable.oncePerDay(closed), user.getName());
                line.save(emergencyEnabled, emergencyWords, minutes, confirmation, rotation, user.getName());
            });
            redirect.addFlashAttribute("notice", "Business hours saved.");
            return "redirect:/settings/business-hours";
        } catch (InvalidInputException e) {
            // Shown again as typed, with what is wrong: nothing saved, nothing lost.
            var days = new LinkedHashMap<String, BusinessHoursForm.Day>();
            for (var day : DayOfWeek.values()) {
                var code = Timetable.column(day);
                days.put(
                        code,
                        new BusinessHoursForm.Day(
                                "true".equals(form.get("open-" + code)),
                                form.getOrDefault("opens-" + code, ""),
                                form.getOrDefault("closes-" + code, "")));
            }
            model.addAttribute(
                    "form",
                    new BusinessHoursForm(
                            days,
                            closedDays,
                            replyEnabled,
                            replyBody,
                            emergencyEnabled,
                            emergencyWords,
                            rotation,
                            ackMinutes,
                            confirmation));
            model.addAttribute("hoursError", e.getMessage() + " Nothing was saved.");
            return page(model);
        }
    }
}
