package com.kontrol.messaging.workspace;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.ThreadReads;
import com.kontrol.messaging.conversation.Conversations;
import com.kontrol.messaging.conversation.InboxList;
import com.kontrol.messaging.thread.ThreadPage;
import com.kontrol.phone.LineType;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.NumberOptOut;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.visit.Visits;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Communication › Messages with a conversation open: the view's list on the left, the thread with its reply box in
 * the middle, the customer at a glance on the right (a phone shows the thread alone, with a way back to the list).
 * The list opens a row by asking for this page and swapping it in place, so the address names the conversation: a
 * link, a reload or Back opens the same one.
 */
@Controller
class WorkspaceController {

    static final int NOTES = 3;

    /** One of the customer's numbers as the card shows it: whether it may be texted, and whether it is a landline. */
    record CardNumber(String e164, boolean primary, OffsetDateTime optedOutSince, boolean landline) {}

    private final ThreadPage threadPage;
    private final InboxList inboxList;
    private final Jobs jobs;
    private final Visits visits;
    private final ThreadReads threadReads;
    private final Customers customers;
    private final LineTypes lineTypes;
    private final Conversations conversations;
    private final PhoneNumbers numbers;

    WorkspaceController(
            PhoneNumbers numbers,
            ThreadPage threadPage,
            InboxList inboxList,
            Jobs jobs,
            Visits visits,
            ThreadReads threadReads,
            Customers customers,
            LineTypes lineTypes,
            Conversations conversations) {
        this.numbers = numbers;
        this.customers = customers;
        this.lineTypes = lineTypes;
        this.conversations = conversations;
        this.threadPage = threadPage;
        this.inboxList = inboxList;
        this.jobs = jobs;
        this.visits = visits;
        this.threadReads = threadReads;
    }

    @GetMapping("/communication/conversations/{customerId}")
    String open(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "needs_reply") String view,
            Principal me,
            Model model) {
        var customer = threadPage.addTo(model, customerId, null, me.getName());
        inboxList.addTo(model, view, null, me.getName(), customerId);
        card(model, customer);
        return "communication/conversations";
    }

    /** The customer card alone, which the page asks for again whenever a conversation changes (an owner, a note). */
    @GetMapping("/communication/conversations/{customerId}/card")
    String card(@PathVariable long customerId, Principal me, Model model) {
        var customer = customers
                .findById(customerId)
                .orElseThrow(() -> new NotFoundException("There is no customer " + customerId + "."));
        model.addAttribute("customer", customer);
        model.addAttribute("numbers", numbers);
        model.addAttribute(
                "lineTypes",
                lineTypes.of(customer.phones().stream().map(PhoneNumber::e164).toList()));
        model.addAttribute(
                "conversation", conversations.find(customerId, me.getName()).orElse(null));
        card(model, customer);
        return "communication/conversations :: card";
    }

    /** The customer at a glance: their open jobs, the next visit, the team's latest notes. */
    private void card(Model model, Customer customer) {
        var lineTypes = lineTypesOf(model);
        model.addAttribute(
                "cardNumbers",
                customer.phones().stream()
                        .map(p -> new CardNumber(
                                p.e164(),
                                p.e164()
                                        .equals(customer.primaryPhone()
                                                .map(PhoneNumber::e164)
                                                .orElse(null)),
                                customer.optOuts().stream()
                                        .filter(o -> o.number().equals(p.e164()))
                                        .map(NumberOptOut::since)
                                        .findFirst()
                                        .orElse(null),
                                lineTypes.containsKey(p.e164())
                                        && lineTypes.get(p.e164()).landline()))
                        .toList());
        var open = jobs.forCustomer(customer.id()).stream()
                .filter(j -> j.status().isOpen())
                .toList();
        model.addAttribute("openJobs", open);
        var next = visits.next(open.stream().map(Job::id).toList()).orElse(null);
        Map<Long, Job> byId = open.stream().collect(Collectors.toMap(Job::id, Function.identity()));
        model.addAttribute("nextVisit", next);
        model.addAttribute("nextVisitJob", next == null ? null : byId.get(next.jobId()));
        model.addAttribute("recentNotes", threadReads.recentNotes(customer.id(), NOTES));
    }

    /** The line types the thread already looked up (a number → its type), so the card asks nothing twice. */
    @SuppressWarnings("unchecked")
    private static Map<String, LineType> lineTypesOf(Model model) {
        var found = model.getAttribute("lineTypes");
        return found instanceof Map<?, ?> map ? (Map<String, LineType>) map : Map.of();
    }
}
