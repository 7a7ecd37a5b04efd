package com.kontrol.messaging.conversation;

import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.consent.ConsentReviews;
import com.kontrol.security.StaffDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * A view of the team inbox as its list shows it (Needs reply longest waiting first, or newest first for whoever chose
 * that; Mine; All; Closed; Snoozed): a page of conversations, each with its last text, how long the customer has
 * waited, their open job and a possible opt-out to decide. The list page and the split view both show it.
 */
@Component
public class InboxList {

    static final int PAGE = 25; // a screenful; rendering, not SQL, is what a longer page costs

    /**
     * One conversation of the list, as the page shows it; {@code optOutDeadline}: a text of theirs may be an opt-out,
     * to decide by then.
     */
    public record Row(
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
    private final Messages messages;
    private final Jobs jobs;
    private final StaffDirectory staff;
    private final ConsentReviews consentReviews;
    private final InboxPreferences preferences;
    private final Clock clock;

    InboxList(
            Conversations conversations,
            Messages messages,
            Jobs jobs,
            StaffDirectory staff,
            ConsentReviews consentReviews,
            InboxPreferences preferences,
            Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.jobs = jobs;
        this.staff = staff;
        this.consentReviews = consentReviews;
        this.preferences = preferences;
        this.clock = clock;
    }

    /**
     * Puts view {@code view}'s page after {@code after} in the model, as {@code me} sees it; {@code open}: the
     * conversation shown beside the list, marked in it (or null).
     */
    public void addTo(Model model, String view, Long after, String me, Long open) {
        var chosen = ConversationView.ofCode(view).orElse(ConversationView.NEEDS_REPLY);
        var newestFirst = chosen == ConversationView.NEEDS_REPLY && preferences.needsReplyNewestFirst(me);
        var page = conversations.page(chosen, me, after, PAGE, newestFirst);
        model.addAttribute("view", chosen.code());
        model.addAttribute("newestFirst", newestFirst);
        model.addAttribute("rows", rows(page));
        model.addAttribute(
                "older", page.size() == PAGE ? page.get(page.size() - 1).customerId() : null);
        model.addAttribute("firstPage", after == null);
        model.addAttribute("owners", staff.owners());
        model.addAttribute("openId", open);
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
                            m == null
                                    ? ""
                                    : m.isRedacted()
                                            ? "(redacted)"
                                            : firstLine(m.isCall() ? m.callSummary() : m.body()),
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
