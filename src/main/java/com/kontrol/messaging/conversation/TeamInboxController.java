package com.kontrol.messaging.conversation;

import com.kontrol.messaging.unassigned.UnassignedNumbers;
import com.kontrol.web.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
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

    private final Conversations conversations;
    private final ConversationDesk desk;
    private final UnassignedNumbers inbox;
    private final ConversationBar bar;
    private final InboxList inboxList;
    private final SnoozeChoices snooze;

    TeamInboxController(
            Conversations conversations,
            ConversationDesk desk,
            UnassignedNumbers inbox,
            ConversationBar bar,
            InboxList inboxList,
            SnoozeChoices snooze) {
        this.snooze = snooze;
        this.conversations = conversations;
        this.desk = desk;
        this.inbox = inbox;
        this.bar = bar;
        this.inboxList = inboxList;
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
        inboxList.addTo(model, view, after, me.getName(), null);
        return "communication/conversations";
    }

    /** The list alone, which the page asks for again whenever a conversation changes. */
    @GetMapping("/communication/messages/list")
    String list(
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestParam(required = false) Long after,
            @RequestParam(required = false) Long open,
            Principal me,
            Model model) {
        inboxList.addTo(model, view, after, me.getName(), open);
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

    /**
     * Takes the conversation. One that a colleague owns is taken only from the colleague the person was asked about
     * ({@code from}, the owner the page showed): if it changed hands since, the person sees who has it now and is
     * asked again. The colleague is told (live).
     */
    @PostMapping("/communication/conversations/{customerId}/take")
    String take(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) Long open,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        var owner = conversations
                .find(customerId, me.getName())
                .map(ConversationRow::owner)
                .orElse(null);
        if (owner != null && !owner.equals(me.getName()) && !owner.equals(from)) {
            refuse(
                    new InvalidInputException(owner + " has this conversation now. Take it from " + owner
                            + " only if you agreed: press Take again to do so."),
                    htmx,
                    model);
            return after(customerId, view, open, htmx, me, model);
        }
        desk.assign(customerId, me.getName(), me.getName());
        return after(customerId, view, open, htmx, me, model);
    }

    @PostMapping("/communication/conversations/{customerId}/close")
    String close(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestParam(required = false) Long open,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        desk.close(customerId, me.getName());
        return after(customerId, view, open, htmx, me, model);
    }

    @PostMapping("/communication/conversations/{customerId}/reopen")
    String reopen(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestParam(required = false) Long open,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        desk.reopen(customerId, me.getName());
        return after(customerId, view, open, htmx, me, model);
    }

    /** Gives the conversation to a colleague, or to nobody (a blank username). */
    @PostMapping("/communication/conversations/{customerId}/owner")
    String owner(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "thread") String view,
            @RequestParam(required = false) Long open,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        try {
            desk.assign(customerId, username.isBlank() ? null : username, me.getName());
        } catch (InvalidInputException e) {
            refuse(e, htmx, model);
        }
        return after(customerId, view, open, htmx, me, model);
    }

    /** Snoozes until a button's time or a picked one ({@code until}, in the business's zone). */
    @PostMapping("/communication/conversations/{customerId}/snooze")
    String snooze(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "thread") String view,
            @RequestParam(required = false) Long open,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        try {
            desk.snooze(customerId, snooze.picked(until), me.getName());
        } catch (InvalidInputException e) {
            refuse(e, htmx, model);
        }
        return after(customerId, view, open, htmx, me, model);
    }

    /** Puts the latest customer text back to unread, for the person asking only. */
    @PostMapping("/communication/conversations/{customerId}/unread")
    String unread(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "thread") String view,
            @RequestParam(required = false) Long open,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        desk.markUnread(customerId, me.getName());
        if ("thread".equals(view)) {
            model.addAttribute("markedUnread", true);
        }
        return after(customerId, view, open, htmx, me, model);
    }

    /**
     * The thread's strip alone, which the SMS tab asks for again whenever a conversation changes; 204 (htmx leaves the
     * strip as it is) when it would show what the page already has ({@code shown}, the token it was drawn with).
     */
    @GetMapping("/communication/conversations/{customerId}/bar")
    String bar(
            @PathVariable long customerId,
            @RequestParam(required = false) String shown,
            Principal me,
            Model model,
            HttpServletResponse response) {
        var strip = strip(customerId, me, model);
        if (bar.stillShows(shown, model)) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return null;
        }
        return strip;
    }

    private String strip(long customerId, Principal me, Model model) {
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
    private String after(long customerId, String view, Long open, String htmx, Principal me, Model model) {
        if ("thread".equals(view)) {
            if (htmx == null) {
                return "redirect:/customers/" + customerId + "/sms";
            }
            return strip(customerId, me, model);
        }
        if (htmx == null) {
            return "redirect:/communication/messages?view="
                    + ConversationView.ofCode(view)
                            .orElse(ConversationView.NEEDS_REPLY)
                            .code();
        }
        return list(view, null, open, me, model);
    }
}
