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
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

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
            return visit.status() == VisitStatus.SCHEDULED
                    || visit.status() == VisitStatus.CONFIRMED
                    || visit.status() == VisitStatus.RESCHEDULE_REQUESTED;
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
}
