package com.kontrol.visit;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The job page's Visits section (the page asks for it, so that jobs need not know visits) with its form, and Jobs ›
 * Today: the office's day of visits by arrival window.
 */
@Controller
class VisitController {

    private final Visits visits;
    private final VisitAnswers answers;
    private final Jobs jobs;
    private final Customers customers;
    private final StaffDirectory staff;

    VisitController(Visits visits, VisitAnswers answers, Jobs jobs, Customers customers, StaffDirectory staff) {
        this.visits = visits;
        this.answers = answers;
        this.jobs = jobs;
        this.customers = customers;
        this.staff = staff;
    }

    @GetMapping("/jobs/{id}/visits")
    String ofJob(@PathVariable long id, Model model) {
        list(id, model);
        model.addAttribute("technicians", staff.technicians());
        return "visits/job-visits :: visits";
    }

    /** The list alone, as the job page reloads it when a visit changes (the live stream says which job's). */
    @GetMapping("/jobs/{id}/visits/list")
    String listOfJob(@PathVariable long id, Model model) {
        list(id, model);
        return "visits/job-visits :: list";
    }

    private void list(long id, Model model) {
        model.addAttribute("jobId", id);
        var list = visits.ofJob(id);
        model.addAttribute("visits", list);
        model.addAttribute(
                "answers", answers.latest(list.stream().map(Visit::id).toList()));
        model.addAttribute("today", visits.today()); // "On my way" is offered for today's visits only
    }

    @PostMapping("/jobs/{id}/visits")
    String schedule(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String date,
            @RequestParam(defaultValue = "") String start,
            @RequestParam(defaultValue = "") String end,
            @RequestParam(defaultValue = "") String technician,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal user,
            Model model,
            RedirectAttributes redirect) {
        String notice = null;
        String error = null;
        try {
            var visit = visits.schedule(id, date, start + "-" + end, technician, user.getName());
            notice = "Visit scheduled on " + visit.date() + ", " + visit.window() + ", " + visit.technician() + ".";
        } catch (InvalidInputException e) {
            error = e.getMessage() + " Nothing was scheduled.";
        }
        if (htmx == null) {
            redirect.addFlashAttribute(notice != null ? "notice" : "visitError", notice != null ? notice : error);
            return "redirect:/jobs/" + id;
        }
        // In place: the list with the new visit, or the reason beside the form, which keeps what was typed.
        ofJob(id, model);
        model.addAttribute("visitNotice", notice);
        model.addAttribute("visitError", error);
        if (error != null) {
            model.addAttribute("draft", new Draft(date, start, end, technician));
        }
        return "visits/job-visits :: visits";
    }

    /** What was typed into the form, shown again with the reason it was refused. */
    record Draft(String date, String start, String end, String technician) {}

    @PostMapping("/jobs/{id}/visits/{visitId}/cancel")
    String cancel(@PathVariable long id, @PathVariable long visitId, Principal user, RedirectAttributes redirect) {
        try {
            visits.change(id, visitId, new Visits.Change(null, null, null, "cancelled"), user.getName());
            redirect.addFlashAttribute("notice", "Visit cancelled.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("visitError", e.getMessage());
        }
        return "redirect:/jobs/" + id;
    }

    /** Staff undo the customer's texted answer (a C sent by mistake): the visit is as it was before it. */
    @PostMapping("/jobs/{id}/visits/{visitId}/undo")
    String undo(@PathVariable long id, @PathVariable long visitId, Principal user, RedirectAttributes redirect) {
        try {
            var visit = visits.undoAnswer(id, visitId, user.getName());
            redirect.addFlashAttribute(
                    "notice", "Undone: the visit is " + visit.status().label().toLowerCase() + " again.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("visitError", e.getMessage());
        }
        return "redirect:/jobs/" + id;
    }

    /** Jobs › Today (or another day, {@code date}): every visit of the day, by arrival window. */
    @GetMapping("/jobs/today")
    String day(@RequestParam(required = false) String date, Model model) {
        LocalDate day;
        try {
            day = date == null || date.isBlank() ? visits.today() : LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("A day looks like 2026-12-02.");
        }
        var list = visits.onDay(day);
        var jobsById = new HashMap<Long, Job>();
        var names = new HashMap<Long, String>();
        for (var v : list) {
            var job = jobsById.computeIfAbsent(v.jobId(), k -> jobs.findById(k).orElse(null));
            if (job != null) {
                names.computeIfAbsent(
                        job.customerId(),
                        c -> customers.findById(c).map(Customer::name).orElse("?"));
            }
        }
        model.addAttribute("day", day);
        model.addAttribute("isToday", day.equals(visits.today()));
        model.addAttribute("visits", list);
        model.addAttribute("jobs", jobsById);
        model.addAttribute("customerNames", names);
        return "visits/today";
    }
}
