package com.kontrol.messaging.thread;

import com.kontrol.messaging.Messages;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.Resends;
import com.kontrol.messaging.outbound.ScheduledTexts;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import com.kontrol.web.Times;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * One outgoing text in the thread: send a failed one again, cancel one that has not gone, change a scheduled one in
 * place. Each answers the message's fragment, or the reason under the reply box.
 */
@Controller
class ThreadMessageController {

    private final Messages messages;
    private final Outbox outbox;
    private final ScheduledTexts scheduled;
    private final Resends resends;
    private final SendLaterChoices sendLater;
    private final Times times;

    ThreadMessageController(
            Messages messages,
            Outbox outbox,
            ScheduledTexts scheduled,
            Resends resends,
            SendLaterChoices sendLater,
            Times times) {
        this.messages = messages;
        this.outbox = outbox;
        this.scheduled = scheduled;
        this.resends = resends;
        this.sendLater = sendLater;
        this.times = times;
    }

    /** Cancels a scheduled (or still queued) text from the thread; answers the message as it is now. */
    @PostMapping("/messages/{messageId}/cancel")
    String cancel(@PathVariable long messageId, Principal user, Model model, HttpServletResponse response) {
        var message = messages.findById(messageId)
                .orElseThrow(() -> new NotFoundException("There is no message " + messageId + "."));
        if (message.isInbound() || !outbox.cancel(messageId, user.getName())) {
            return refused(
                    "Too late: the text is "
                            + messages.findById(messageId).orElseThrow().status() + ".",
                    model,
                    response);
        }
        model.addAttribute("m", messages.findById(messageId).orElseThrow());
        return "customers/sms :: message(m=${m})";
    }

    /** A scheduled text's words and time, in a form in its place in the thread. */
    @GetMapping("/messages/{messageId}/edit")
    String edit(@PathVariable long messageId, Model model) {
        var message = messages.findById(messageId)
                .orElseThrow(() -> new NotFoundException("There is no message " + messageId + "."));
        model.addAttribute("m", message);
        model.addAttribute(
                "localTime",
                message.createdAt()
                        .atZoneSameInstant(times.zone())
                        .toLocalDateTime()
                        .truncatedTo(ChronoUnit.MINUTES));
        return "customers/sms :: scheduledEdit";
    }

    /** One message as the thread shows it (the edit form's "Keep as it was"). */
    @GetMapping("/messages/{messageId}/view")
    String view(@PathVariable long messageId, Model model) {
        model.addAttribute(
                "m",
                messages.findById(messageId)
                        .orElseThrow(() -> new NotFoundException("There is no message " + messageId + ".")));
        return "customers/sms :: message(m=${m})";
    }

    /** Saves a scheduled text's new words and time. */
    @PostMapping("/messages/{messageId}/schedule")
    String reschedule(
            @PathVariable long messageId,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "") String sendAt,
            Principal user,
            Model model,
            HttpServletResponse response) {
        try {
            var current = messages.findById(messageId)
                    .orElseThrow(() -> new NotFoundException("There is no message " + messageId + "."));
            model.addAttribute(
                    "m",
                    scheduled.reschedule(messageId, body, current.jobId(), sendLater.read(sendAt), user.getName()));
            return "customers/sms :: message(m=${m})";
        } catch (InvalidInputException | ConflictException e) {
            return refused(e.getMessage(), model, response);
        }
    }

    private static String refused(String why, Model model, HttpServletResponse response) {
        response.setHeader("HX-Retarget", "#reply-error");
        response.setHeader("HX-Reswap", "innerHTML");
        model.addAttribute("sendError", why);
        return "customers/sms :: sendError";
    }

    @PostMapping("/messages/{messageId}/resend")
    String resend(@PathVariable long messageId, Principal user, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("m", resends.resend(messageId, user.getName()));
            response.setHeader("HX-Reswap", "beforeend");
            response.setHeader("HX-Retarget", "#thread");
            return "customers/sms :: message(m=${m})";
        } catch (InvalidInputException | ConflictException e) {
            response.setHeader("HX-Retarget", "#reply-error");
            response.setHeader("HX-Reswap", "innerHTML");
            model.addAttribute("sendError", e.getMessage());
            return "customers/sms :: sendError";
        }
    }
}
