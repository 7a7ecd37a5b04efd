package com.kontrol.messaging.thread;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.consent.ConsentReviews;
import com.kontrol.messaging.conversation.ConversationBar;
import com.kontrol.messaging.conversation.ConversationDesk;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.Shortcodes;
import com.kontrol.messaging.unassigned.UnassignedNumbers;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
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

    static final int PAGE = 50;

    private final Customers customers;
    private final Messages messages;
    private final Jobs jobs;
    private final Outbox outbox;
    private final Shortcodes shortcodes;
    private final PhoneNumbers numbers;
    private final UnassignedNumbers inbox;
    private final ConsentByPhone consent;
    private final ConversationDesk conversationDesk;
    private final ConversationBar conversationBar;
    private final SendLaterChoices sendLater;
    private final QuickReplies quickReplies;
    private final ConsentReviews consentReviews;
    private final LineTypes lineTypes;
    private final BusinessNumbers businessNumbers;

    SmsTabController(
            Customers customers,
            Messages messages,
            Jobs jobs,
            Outbox outbox,
            Shortcodes shortcodes,
            PhoneNumbers numbers,
            UnassignedNumbers inbox,
            ConsentByPhone consent,
            ConversationDesk conversationDesk,
            ConversationBar conversationBar,
            SendLaterChoices sendLater,
            QuickReplies quickReplies,
            ConsentReviews consentReviews,
            LineTypes lineTypes,
            BusinessNumbers businessNumbers) {
        this.businessNumbers = businessNumbers;
        this.lineTypes = lineTypes;
        this.consentReviews = consentReviews;
        this.quickReplies = quickReplies;
        this.sendLater = sendLater;
        this.conversationBar = conversationBar;
        this.conversationDesk = conversationDesk;
        this.consent = consent;
        this.inbox = inbox;
        this.customers = customers;
        this.messages = messages;
        this.jobs = jobs;
        this.outbox = outbox;
        this.shortcodes = shortcodes;
        this.numbers = numbers;
    }

    /** The thread's newest page, or with {@code at} (a search result) the page around that message. */
    @GetMapping("/customers/{id}/sms")
    String thread(@PathVariable long id, @RequestParam(required = false) Long at, Model model, Principal user) {
        var customer = customer(id);
        List<Message> page;
        if (at == null) {
            page = messages.thread(id, Long.MAX_VALUE, PAGE);
            model.addAttribute("before", page.size() == PAGE ? page.get(0).id() : null);
        } else {
            var half = PAGE / 2;
            var upTo = messages.thread(id, at + 1, half); // ends with the message itself
            var after = messages.threadAfter(id, at, half + 1);
            if (after.size() > half) {
                after = after.subList(0, half);
                model.addAttribute("newer", after.get(half - 1).id()); // more below: loaded when scrolled to
            }
            page = new ArrayList<>(upTo);
            page.addAll(after);
            model.addAttribute("before", upTo.size() == half ? upTo.get(0).id() : null);
            if (upTo.stream().anyMatch(m -> m.id() == at)) {
                model.addAttribute("found", at);
            }
        }
        model.addAttribute("customer", customer);
        model.addAttribute("messages", page);
        model.addAttribute("jobs", jobs.forCustomer(id));
        model.addAttribute(
                "defaultJob",
                jobs.forCustomer(id).stream()
                        .filter(j -> j.status().isOpen())
                        .map(Job::id)
                        .findFirst()
                        .orElse(null));
        model.addAttribute("shortcodes", shortcodes.names());
        model.addAttribute("sharedWith", sharedWith(customer));
        model.addAttribute("assignments", inbox.assignedTo(id));
        model.addAttribute("numbers", numbers);
        model.addAttribute("tab", "sms");
        model.addAttribute("sendLater", sendLater.now());
        model.addAttribute(
                "nightThere",
                customer.primaryPhone()
                        .flatMap(p -> outbox.nightWhere(p.e164()))
                        .orElse(null));
        model.addAttribute("quickReplies", quickReplies.visibleTo(user.getName()));
        model.addAttribute("consentReviews", consentReviews.open(id));
        model.addAttribute("businessNumbers", businessNumbers);
        // The picker, when there is a choice: the number a reply goes from unless someone picks another.
        model.addAttribute(
                "replyFrom",
                businessNumbers.several()
                        ? outbox.replyNumberFor(id, user.getName()).orElse(null)
                        : null);
        model.addAttribute(
                "lineTypes",
                lineTypes.of(customer.phones().stream().map(PhoneNumber::e164).toList()));
        model.addAttribute("liveCustomer", id); // the page's event stream also carries this thread
        if (!page.isEmpty()) {
            conversationDesk.markRead(id, user.getName()); // for this person only
        }
        conversationBar.addTo(model, id, user.getName());
        return "customers/sms";
    }

    /** The page of messages before {@code before}, with the trigger that loads the page before that. */
    @GetMapping("/customers/{id}/sms/older")
    String older(@PathVariable long id, @RequestParam long before, Model model) {
        customer(id);
        var page = messages.thread(id, before, PAGE);
        model.addAttribute("customer", customer(id));
        model.addAttribute("messages", page);
        model.addAttribute("before", page.size() == PAGE ? page.get(0).id() : null);
        return "customers/sms :: older";
    }

    /** The page of messages after {@code after}, with the trigger that loads the page after that. */
    @GetMapping("/customers/{id}/sms/newer")
    String newer(@PathVariable long id, @RequestParam long after, Model model) {
        model.addAttribute("customer", customer(id));
        var page = messages.threadAfter(id, after, PAGE + 1);
        if (page.size() > PAGE) {
            page = page.subList(0, PAGE);
            model.addAttribute("newer", page.get(PAGE - 1).id());
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

    private List<Customer> sharedWith(Customer customer) {
        return customer.phones().stream()
                .flatMap(p -> customers.idsWithPhone(p.e164()).stream())
                .distinct()
                .filter(other -> other != customer.id())
                .map(other -> customers.findById(other).orElseThrow())
                .toList();
    }

    private Customer customer(long id) {
        return customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
    }
}
