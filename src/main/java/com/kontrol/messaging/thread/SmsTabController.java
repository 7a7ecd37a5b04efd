package com.kontrol.messaging.thread;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.ThreadReads;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Customers > [Customer] > SMS: the conversation (newest at the bottom, older pages as you scroll up) with what the
 * reply box needs; what is typed in it goes to the {@link ComposerController}. Each htmx request gets back just the
 * fragment it swaps.
 */
@Controller
class SmsTabController {

    static final int PAGE = ThreadPage.PAGE;

    private final Customers customers;
    private final ThreadReads threadReads;
    private final ConsentByPhone consent;
    private final ThreadPage threadPage;
    private final Clock clock;

    SmsTabController(
            Customers customers, ThreadReads threadReads, ConsentByPhone consent, ThreadPage threadPage, Clock clock) {
        this.clock = clock;
        this.customers = customers;
        this.threadReads = threadReads;
        this.consent = consent;
        this.threadPage = threadPage;
    }

    /** The thread's newest page, or with {@code at} (a search result) the page around that message. */
    @GetMapping("/customers/{id}/sms")
    String thread(@PathVariable long id, @RequestParam(required = false) Long at, Model model, Principal user) {
        threadPage.addTo(model, id, at, user.getName());
        model.addAttribute("tab", "sms");
        return "customers/sms";
    }

    /** The page of messages before {@code before}, with the trigger that loads the page before that. */
    @GetMapping("/customers/{id}/sms/older")
    String older(@PathVariable long id, @RequestParam long before, Model model) {
        model.addAttribute("customer", customer(id));
        var page = threadReads.conversation(id, before, PAGE, OffsetDateTime.now(clock));
        model.addAttribute("messages", page);
        model.addAttribute("before", page.size() == PAGE ? ThreadPage.lowestId(page) : null);
        return "customers/sms :: older";
    }

    /** The page of messages after {@code after}, with the trigger that loads the page after that. */
    @GetMapping("/customers/{id}/sms/newer")
    String newer(@PathVariable long id, @RequestParam long after, Model model) {
        model.addAttribute("customer", customer(id));
        var page = threadReads.conversationAfter(id, after, PAGE + 1, OffsetDateTime.now(clock));
        if (page.size() > PAGE) {
            var beyond = page.stream().mapToLong(Message::id).max().orElseThrow(); // the next page's first
            page = page.stream().filter(m -> m.id() != beyond).toList();
            model.addAttribute(
                    "newer", page.stream().mapToLong(Message::id).max().orElseThrow());
        }
        model.addAttribute("messages", page);
        return "customers/sms :: newer";
    }

    /** Staff record what the customer told them: no more texts, or texts again (with how they said it). */
    @PostMapping("/customers/{id}/sms/consent")
    String consent(
            @PathVariable long id,
            @RequestParam boolean optedOut,
            @RequestParam(defaultValue = "") String reason,
            Principal user,
            RedirectAttributes redirect) {
        try {
            var changed = consent.record(id, optedOut, reason, user.getName());
            redirect.addFlashAttribute(
                    "notice",
                    !changed ? "Nothing changed." : optedOut ? "Recorded: no more texts." : "Recorded: texts again.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("consentError", e.getMessage());
        }
        return "redirect:/customers/" + id + "/sms";
    }

    private Customer customer(long id) {
        return customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
    }
}
