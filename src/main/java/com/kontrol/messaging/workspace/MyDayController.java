package com.kontrol.messaging.workspace;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.conversation.ConversationRow;
import com.kontrol.messaging.conversation.ConversationView;
import com.kontrol.messaging.conversation.Conversations;
import com.kontrol.visit.Visit;
import com.kontrol.visit.VisitStatus;
import com.kontrol.visit.Visits;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * My day (issue 35), for a technician with a phone in one hand: today's visits of mine in order, each with where to go
 * (a map link), the window, the customer and their thread a tap away, and "On my way"; then the conversations of mine
 * that wait for a reply.
 */
@Controller
class MyDayController {

    static final int WAITING = 25;

    /** One of today's visits, with its job and customer. */
    record Stop(Visit visit, Job job, Customer customer) {

        /** "On my way" is offered until the technician is on the way (and never for a cancelled visit). */
        public boolean mayGoNow() {
            return !visit.cancelled() && !visit.status().underway();
        }

        /** The steps the technician may record next, each with one tap: confirmed, arrived, done. */
        public List<Step> nextSteps() {
            return switch (visit.status()) {
                case SCHEDULED, RESCHEDULE_REQUESTED -> List.of(Step.CONFIRM, Step.ARRIVED);
                case CONFIRMED, ON_THE_WAY -> List.of(Step.ARRIVED);
                case ARRIVED -> List.of(Step.DONE);
                case DONE, CANCELLED -> List.of();
            };
        }
    }

    /** What a tap on My day records: the customer confirmed (by phone, say), the technician is there, the work is done. */
    enum Step {
        CONFIRM(VisitStatus.CONFIRMED, "Confirmed"),
        ARRIVED(VisitStatus.ARRIVED, "Arrived"),
        DONE(VisitStatus.DONE, "Done");

        final VisitStatus status;
        final String label;

        Step(VisitStatus status, String label) {
            this.status = status;
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String code() {
            return status.code();
        }
    }

    private final Visits visits;
    private final Jobs jobs;
    private final Customers customers;
    private final Conversations conversations;

    MyDayController(Visits visits, Jobs jobs, Customers customers, Conversations conversations) {
        this.visits = visits;
        this.jobs = jobs;
        this.customers = customers;
        this.conversations = conversations;
    }

    @GetMapping("/my-day")
    String page(Principal me, Model model) {
        var today = visits.today();
        var stops = visits.goingOn(today, List.of(me.getName())).stream()
                .map(v -> jobs.findById(v.jobId())
                        .flatMap(j -> customers.findById(j.customerId()).map(c -> new Stop(v, j, c))))
                .flatMap(Optional::stream)
                .toList();
        List<ConversationRow> waiting = conversations.page(ConversationView.MINE, me.getName(), null, WAITING).stream()
                .filter(c -> c.waitingSince() != null)
                .toList();
        model.addAttribute("today", today);
        model.addAttribute("stops", stops);
        model.addAttribute("waiting", waiting);
        return "communication/my-day";
    }

    /** One tap on a visit of mine today: confirmed (the customer said so on the phone), arrived, or done. */
    @PostMapping("/my-day/visits/{visitId}")
    String step(
            @PathVariable long visitId,
            @RequestParam long jobId,
            @RequestParam String step,
            Principal me,
            RedirectAttributes redirect) {
        var visit = visits.find(jobId, visitId);
        if (!me.getName().equals(visit.technician()) || !visit.date().equals(visits.today())) {
            throw new NotFoundException("Visit " + visitId + " is not one of yours today.");
        }
        var chosen = Arrays.stream(Step.values())
                .filter(s -> s.code().equals(step))
                .findFirst()
                .orElseThrow(
                        () -> new InvalidInputException("step is confirmed, arrived or done; not \"" + step + "\"."));
        var stop = new Stop(visit, null, null);
        if (!stop.nextSteps().contains(chosen)) {
            redirect.addFlashAttribute(
                    "visitError",
                    "This visit is " + visit.status().label().toLowerCase(Locale.ROOT) + ": not changed.");
        } else {
            visits.change(jobId, visitId, new Visits.Change(null, null, null, chosen.code()), me.getName());
        }
        return "redirect:/my-day#stop-" + visitId;
    }
}
