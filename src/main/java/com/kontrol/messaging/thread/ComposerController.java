package com.kontrol.messaging.thread;

import com.kontrol.messaging.Message;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.ThreadReads;
import com.kontrol.messaging.conversation.ThreadNotes;
import com.kontrol.messaging.outbound.Attachments;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.ScheduledTexts;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.web.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The reply box under a customer's thread: its live preview, and what it sends (a text now, with files or not, a text
 * for later, or a note for the team). With htmx the answer is the new message's fragment, or the reason under the box
 * with what was typed kept; without, a redirect to the thread.
 */
@Controller
class ComposerController {

    private final Outbox outbox;
    private final ScheduledTexts scheduled;
    private final ThreadNotes notes;
    private final Attachments attachments;
    private final SendLaterChoices sendLater;
    private final ThreadReads threadReads;
    private final Clock clock;

    ComposerController(
            Outbox outbox,
            ScheduledTexts scheduled,
            ThreadNotes notes,
            Attachments attachments,
            SendLaterChoices sendLater,
            ThreadReads threadReads,
            Clock clock) {
        this.threadReads = threadReads;
        this.clock = clock;
        this.outbox = outbox;
        this.scheduled = scheduled;
        this.notes = notes;
        this.attachments = attachments;
        this.sendLater = sendLater;
    }

    /** {@code mediaCount}: how many files are attached so far (they are not uploaded for a preview). */
    @PostMapping("/customers/{id}/sms/preview")
    String preview(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(required = false) Long jobId,
            @RequestParam(defaultValue = "0") int mediaCount,
            @RequestParam(defaultValue = "false") boolean note,
            Principal user,
            Model model) {
        if (note) { // a note is never sent: no shortcodes filled, no length in SMS
            model.addAttribute("noteDraft", !body.isBlank());
            return "customers/sms :: preview";
        }
        var text = TextToGo.to(id, body, Sender.person(user.getName())).about(jobId);
        model.addAttribute("typed", body.strip());
        model.addAttribute(
                "draft", body.isBlank() && mediaCount <= 0 ? null : outbox.preview(text, Math.min(mediaCount, 99)));
        return "customers/sms :: preview";
    }

    @PostMapping("/customers/{id}/sms")
    String send(
            @PathVariable long id,
            ReplyForm form,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var meanwhile = answeredMeanwhile(id, form, user.getName());
        if (meanwhile.isPresent()) {
            var m = meanwhile.get();
            var said = m.sentBy() + " replied " + ago(m.createdAt()) + ": “" + firstLine(m) + "”.";
            if (htmx == null) { // the page comes back with the thread as it is now: sending again sends
                redirect.addFlashAttribute("sendError", said + " Send yours again if it still fits.");
                redirect.addFlashAttribute("draftBody", form.body());
                return "redirect:/customers/" + id + "/sms";
            }
            response.setHeader("HX-Retarget", "#reply-error");
            response.setHeader("HX-Reswap", "innerHTML");
            model.addAttribute("said", said);
            return "customers/sms :: answeredMeanwhile";
        }
        try {
            var message = keep(id, form, user.getName());
            if (htmx == null) {
                return "redirect:/customers/" + id + "/sms";
            }
            model.addAttribute("m", message);
            return "customers/sms :: message(m=${m})";
        } catch (InvalidInputException e) {
            if (htmx == null) {
                redirect.addFlashAttribute("sendError", e.getMessage());
                redirect.addFlashAttribute("draftBody", form.body());
                return "redirect:/customers/" + id + "/sms";
            }
            // htmx: show the reason under the box, and keep what was typed.
            response.setHeader("HX-Retarget", "#reply-error");
            response.setHeader("HX-Reswap", "innerHTML");
            model.addAttribute("sendError", e.getMessage());
            return "customers/sms :: sendError";
        }
    }

    /**
     * A text to send now, written after the thread was shown ({@code seen}): the newest that a colleague sent since,
     * if any, so that two people do not answer the same question; a note, a text for later or one sent anyway pass.
     */
    private Optional<Message> answeredMeanwhile(long id, ReplyForm form, String me) {
        if (form.seen() == null || form.isNote() || form.isForLater() || form.isConfirmed()) {
            return Optional.empty();
        }
        return threadReads.answeredByAnotherSince(id, form.seen(), me);
    }

    private String ago(OffsetDateTime at) {
        var d = Duration.between(at, OffsetDateTime.now(clock));
        if (d.toSeconds() < 60) {
            return Math.max(d.toSeconds(), 1) + " s ago";
        }
        return d.toMinutes() < 60 ? d.toMinutes() + " min ago" : d.toHours() + " h ago";
    }

    private static String firstLine(Message m) {
        var line = m.body() == null ? "" : m.body().strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }

    /** The composer's "Note" switch: for the team only, never sent. "Send later": kept until its time. */
    private Message keep(long id, ReplyForm form, String username) {
        var text = TextToGo.to(id, form.body(), Sender.person(username))
                .about(form.jobId())
                .sentFrom(form.from());
        var uploads = Uploads.of(form.media());
        boolean files = uploads.stream().anyMatch(u -> u.data().length > 0);
        if (form.isForLater()) {
            if (form.isNote()) {
                throw new InvalidInputException("A note is never sent, so it cannot be sent later: untick Note.");
            }
            if (files) {
                throw new InvalidInputException(
                        "Pictures and files cannot be sent later yet: send them now, or remove them first.");
            }
            return scheduled.schedule(text.at(sendLater.read(form.laterChoice())));
        }
        if (form.isNote()) {
            return notes.add(id, form.body(), username);
        }
        if (files) {
            outbox.refuseIfCannotText(id, form.jobId()); // before any file is read
        }
        return outbox.queue(text.with(attachments.accept(uploads)));
    }
}
