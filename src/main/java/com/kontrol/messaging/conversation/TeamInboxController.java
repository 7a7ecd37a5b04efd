package com.kontrol.messaging.conversation;

import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.consent.ConsentReviews;
import com.kontrol.messaging.unassigned.UnassignedNumbers;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Communication › Messages: the team inbox. Needs reply (longest waiting first), Mine, All, Closed and Snoozed, each
 * refreshed live when a conversation changes; Unassigned numbers is the inbox of unknown numbers, as before.
 */
@Controller
class TeamInboxController {

    static final int PAGE = 25; // a screenful; rendering, not SQL, is what a longer page costs

    /**
     * One conversation of the list, as the page shows it; {@code optOutDeadline}: a text of theirs may be an opt-out,
     * to decide by then.
     */
    record Row(
            ConversationRow conversation,
            Message last,
            String firstLine,
            String waited,
            Job job,
            LocalDate optOutDeadline) {

        public String optOutDeadlineLabel() {
            return optOutDeadline == null ? null : ConsentReviews.day(optOutDeadline);
        }
    }

    private final Conversations conversations;
    private final ConversationDesk desk;
    private final Messages messages;
    private final Jobs jobs;
    private final UnassignedNumbers inbox;
    private final ConversationBar bar;
    private final StaffDirectory staff;
    private final SnoozeChoices snooze;
    private final Clock clock;
    private final ConsentReviews consentReviews;
    private final InboxPreferences preferences;

    TeamInboxController(
            Conversations conversations,
            ConversationDesk desk,
            Messages messages,
            Jobs jobs,
            UnassignedNumbers inbox,
            ConversationBar bar,
            SnoozeChoices snooze,
            StaffDirectory staff,
            ConsentReviews consentReviews,
            InboxPreferences preferences,
            Clock clock) {
        this.preferences = preferences;
        this.consentReviews = consentReviews;
        this.staff = staff;
        this.bar = bar;
        this.snooze = snooze;
        this.conversations = conversations;
        this.desk = desk;
        this.messages = messages;
        this.jobs = jobs;
        this.inbox = inbox;
        this.clock = clock;
    }

    @GetMapping("/communication/messages")
    String page(
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestParam(required = false) Long after,
            Principal me,
            Model model) {
        if ("inbox".equals(view)) {
            return "redirect:/communication/messages?view=unassigned"; // its name before the team inbox
        }
        list(view, after, me, model);
        return "communication/conversations";
    }

    /** The list alone, which the page asks for again whenever a conversation changes. */
    @GetMapping("/communication/messages/list")
    String list(
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestParam(required = false) Long after,
            Principal me,
            Model model) {
        var chosen = ConversationView.ofCode(view).orElse(ConversationView.NEEDS_REPLY);
        var newestFirst = chosen == ConversationView.NEEDS_REPLY && preferences.needsReplyNewestFirst(me.getName());
        var page = conversations.page(chosen, me.getName(), after, PAGE, newestFirst);
        model.addAttribute("view", chosen.code());
        model.addAttribute("newestFirst", newestFirst);
        model.addAttribute("rows", rows(page));
        model.addAttribute(
                "older", page.size() == PAGE ? page.get(page.size() - 1).customerId() : null);
        model.addAttribute("firstPage", after == null);
        model.addAttribute("owners", staff.owners());
        return "communication/conversation-parts :: list";
    }

    /** The navigation's counts for the person looking: needs reply, theirs, unassigned numbers. */
    @GetMapping("/communication/counts")
    String counts(Principal me, Model model) {
        model.addAttribute("needsReply", conversations.count(ConversationView.NEEDS_REPLY, me.getName()));
        model.addAttribute("mine", conversations.count(ConversationView.MINE, me.getName()));
        model.addAttribute("unassigned", inbox.waiting());
        return "communication/conversation-parts :: counts";
    }

    @PostMapping("/communication/conversations/{customerId}/take")
    String take(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        desk.assign(customerId, me.getName(), me.getName());
        return after(customerId, view, htmx, me, model);
    }

    @PostMapping("/communication/conversations/{customerId}/close")
    String close(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        desk.close(customerId, me.getName());
        return after(customerId, view, htmx, me, model);
    }

    @PostMapping("/communication/conversations/{customerId}/reopen")
    String reopen(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        desk.reopen(customerId, me.getName());
        return after(customerId, view, htmx, me, model);
    }

    /** Gives the conversation to a colleague, or to nobody (a blank username). */
    @PostMapping("/communication/conversations/{customerId}/owner")
    String owner(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "thread") String view,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        try {
            desk.assign(customerId, username.isBlank() ? null : username, me.getName());
        } catch (InvalidInputException e) {
            refuse(e, htmx, model);
        }
        return after(customerId, view, htmx, me, model);
    }

    /** Snoozes until a button's time or a picked one ({@code until}, in the business's zone). */
    @PostMapping("/communication/conversations/{customerId}/snooze")
    String snooze(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "thread") String view,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        try {
            desk.snooze(customerId, snooze.picked(until), me.getName());
        } catch (InvalidInputException e) {
            refuse(e, htmx, model);
        }
        return after(customerId, view, htmx, me, model);
    }

    /** Puts the latest customer text back to unread, for the person asking only. */
    @PostMapping("/communication/conversations/{customerId}/unread")
    String unread(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "thread") String view,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        desk.markUnread(customerId, me.getName());
        if ("thread".equals(view)) {
            model.addAttribute("markedUnread", true);
        }
        return after(customerId, view, htmx, me, model);
    }

    /** The thread's strip alone, which the SMS tab asks for again whenever a conversation changes. */
    @GetMapping("/communication/conversations/{customerId}/bar")
    String bar(@PathVariable long customerId, Principal me, Model model) {
        bar.addTo(model, customerId, me.getName());
        return "communication/conversation-parts :: bar";
    }

    /** htmx shows why in the strip, beside what was tried; a plain form gets the 422 page. */
    private static void refuse(InvalidInputException e, String htmx, Model model) {
        if (htmx == null) {
            throw e;
        }
        model.addAttribute("barError", e.getMessage());
    }

    /** What answers an action: the thread's strip, when it came from there, else the view's list. */
    private String after(long customerId, String view, String htmx, Principal me, Model model) {
        if ("thread".equals(view)) {
            if (htmx == null) {
                return "redirect:/customers/" + customerId + "/sms";
            }
            return bar(customerId, me, model);
        }
        if (htmx == null) {
            return "redirect:/communication/messages?view="
                    + ConversationView.ofCode(view)
                            .orElse(ConversationView.NEEDS_REPLY)
                            .code();
        }
        return list(view, null, me, model);
    }

    private List<Row> rows(List<ConversationRow> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<Long, Message> last = messages
                .byIds(page.stream().map(ConversationRow::lastMessageId).toList())
                .stream()
                .collect(Collectors.toMap(Message::id, Function.identity()));
        var now = OffsetDateTime.now(clock);
        var openJobs = new HashMap<Long, Job>(); // each customer's newest open job
        for (var j :
                jobs.forCustomers(page.stream().map(ConversationRow::customerId).toList())) {
            if (j.status().isOpen()) {
                openJobs.putIfAbsent(j.customerId(), j);
            }
        }
        var reviews = consentReviews.deadlines(
                page.stream().map(ConversationRow::customerId).toList());
        return page.stream()
                .map(c -> {
                    var m = last.get(c.lastMessageId());
                    return new Row(
                            c,
                            m,
                            m == null ? "" : m.isRedacted() ? "(redacted)" : firstLine(m.body()),
                            c.waitingSince() == null ? null : waited(Duration.between(c.waitingSince(), now)),
                            openJobs.get(c.customerId()),
                            reviews.get(c.customerId()));
                })
                .toList();
    }

    static String firstLine(String body) {
        var line = body == null ? "" : body.strip().lines().findFirst().orElse("");
        return line.length() > 90 ? line.substring(0, 89) + "…" : line;
    }

    /** "4 min", "2 h 5 min", "3 days": how long a customer has waited. */
    static String waited(Duration d) {
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 1) {
            var minutes = d.toMinutesPart();
            return d.toHours() + " h" + (minutes == 0 ? "" : " " + minutes + " min");
        }
        return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
}
