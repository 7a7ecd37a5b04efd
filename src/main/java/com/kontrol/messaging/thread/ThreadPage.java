package com.kontrol.messaging.thread;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.ThreadReads;
import com.kontrol.messaging.calls.CallLog;
import com.kontrol.messaging.consent.ConsentReviews;
import com.kontrol.messaging.conversation.ConversationBar;
import com.kontrol.messaging.conversation.ConversationDesk;
import com.kontrol.messaging.outbound.Attachments;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.ScheduledWords;
import com.kontrol.messaging.outbound.Shortcodes;
import com.kontrol.messaging.unassigned.UnassignedNumbers;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What a thread needs on screen, wherever it is shown (the customer's SMS tab, the team inbox's middle pane): its
 * newest page of texts (or the page around a search result), the strip, the banners and what the reply box offers.
 * Showing it marks the thread read for the person looking.
 */
@Component
public class ThreadPage {

    static final int PAGE = 50;

    private final Customers customers;
    private final ThreadReads threadReads;
    private final Jobs jobs;
    private final Outbox outbox;
    private final Shortcodes shortcodes;
    private final PhoneNumbers numbers;
    private final UnassignedNumbers inbox;
    private final ConversationDesk conversationDesk;
    private final ConversationBar conversationBar;
    private final SendLaterChoices sendLater;
    private final QuickReplies quickReplies;
    private final ConsentReviews consentReviews;
    private final LineTypes lineTypes;
    private final BusinessNumbers businessNumbers;
    private final ScheduledWords scheduledWords;
    private final CallLog callLog;
    private final Clock clock;

    ThreadPage(
            ScheduledWords scheduledWords,
            CallLog callLog,
            Clock clock,
            Customers customers,
            ThreadReads threadReads,
            Jobs jobs,
            Outbox outbox,
            Shortcodes shortcodes,
            PhoneNumbers numbers,
            UnassignedNumbers inbox,
            ConversationDesk conversationDesk,
            ConversationBar conversationBar,
            SendLaterChoices sendLater,
            QuickReplies quickReplies,
            ConsentReviews consentReviews,
            LineTypes lineTypes,
            BusinessNumbers businessNumbers) {
        this.scheduledWords = scheduledWords;
        this.callLog = callLog;
        this.clock = clock;
        this.customers = customers;
        this.threadReads = threadReads;
        this.jobs = jobs;
        this.outbox = outbox;
        this.shortcodes = shortcodes;
        this.numbers = numbers;
        this.inbox = inbox;
        this.conversationDesk = conversationDesk;
        this.conversationBar = conversationBar;
        this.sendLater = sendLater;
        this.quickReplies = quickReplies;
        this.consentReviews = consentReviews;
        this.lineTypes = lineTypes;
        this.businessNumbers = businessNumbers;
    }

    /** Puts the thread of customer {@code id} in the model, as {@code user} sees it; 404 for an unknown customer. */
    public Customer addTo(Model model, long id, Long at, String user) {
        var customer =
                customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
        var now = OffsetDateTime.now(clock);
        List<Message> page;
        if (at == null) {
            page = threadReads.conversation(id, Long.MAX_VALUE, PAGE, now);
            model.addAttribute("before", page.size() == PAGE ? lowestId(page) : null);
        } else {
            var half = PAGE / 2;
            var upTo = threadReads.conversation(id, at + 1, half, now); // holds the message itself
            var after = threadReads.conversationAfter(id, at, half + 1, now);
            if (after.size() > half) { // more below, loaded when scrolled to: the highest id is the next page's first
                var beyond = after.stream().mapToLong(Message::id).max().orElseThrow();
                after = after.stream().filter(m -> m.id() != beyond).toList();
                model.addAttribute(
                        "newer", after.stream().mapToLong(Message::id).max().orElseThrow());
            }
            page = new ArrayList<>(upTo);
            page.addAll(after);
            model.addAttribute("before", upTo.size() == half ? lowestId(upTo) : null);
            if (upTo.stream().anyMatch(m -> m.id() == at)) {
                model.addAttribute("found", at);
            }
        }
        var customerJobs = jobs.forCustomer(id);
        model.addAttribute("customer", customer);
        model.addAttribute("messages", page);
        model.addAttribute("ahead", threadReads.ahead(id, now));
        model.addAttribute("words", scheduledWords);
        model.addAttribute("callLog", callLog);
        // What the person has seen when they write: Send asks first if a colleague answered after it
        // (ComposerController).
        model.addAttribute("seen", threadReads.newestId(id));
        model.addAttribute("jobs", customerJobs);
        model.addAttribute(
                "defaultJob",
                customerJobs.stream()
                        .filter(j -> j.status().isOpen())
                        .map(Job::id)
                        .findFirst()
                        .orElse(null));
        model.addAttribute("shortcodes", shortcodes.names());
        model.addAttribute("sharedWith", sharedWith(customer));
        model.addAttribute("assignments", inbox.assignedTo(id));
        model.addAttribute("numbers", numbers);
        model.addAttribute("sendLater", sendLater.now());
        model.addAttribute(
                "nightThere",
                customer.primaryPhone()
                        .flatMap(p -> outbox.nightWhere(p.e164()))
                        .orElse(null));
        model.addAttribute("quickReplies", quickReplies.visibleTo(user));
        model.addAttribute("maxMediaBytes", Attachments.MAX_TOTAL); // the box refuses more before uploading it
        model.addAttribute("consentReviews", consentReviews.open(id));
        model.addAttribute("businessNumbers", businessNumbers);
        // The picker, when there is a choice: the number a reply goes from unless someone picks another.
        model.addAttribute(
                "replyFrom",
                businessNumbers.several() ? outbox.replyNumberFor(id, user).orElse(null) : null);
        model.addAttribute(
                "lineTypes",
                lineTypes.of(customer.phones().stream().map(PhoneNumber::e164).toList()));
        model.addAttribute("liveCustomer", id); // the page's event stream also carries this thread
        if (!page.isEmpty()) {
            conversationDesk.markRead(id, user); // for this person only
        }
        conversationBar.addTo(model, id, user);
        return customer;
    }

    /** The cursor of the page before a page in time order: its lowest id (pages go by id). */
    static long lowestId(List<Message> page) {
        return page.stream().mapToLong(Message::id).min().orElseThrow();
    }

    private List<Customer> sharedWith(Customer customer) {
        return customer.phones().stream()
                .flatMap(p -> customers.idsWithPhone(p.e164()).stream())
                .distinct()
                .filter(other -> other != customer.id())
                .map(other -> customers.findById(other).orElseThrow())
                .toList();
    }
}
