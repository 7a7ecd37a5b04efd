package com.kontrol.messaging.thread;

import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageJson;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.calls.CallLog;
import com.kontrol.messaging.outbound.Attachments;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.ScheduledTexts;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MultipartFile;

/** {@code /api/v1/customers/{id}/messages}: read a customer's thread a page at a time, and send them a text. */
@ApiController("/api/v1/customers/{customerId}/messages")
class MessageApiController {

    static final int MAX_LIMIT = 200;

    private final Customers customers;
    private final Messages messages;
    private final Outbox outbox;
    private final ScheduledTexts scheduled;
    private final Attachments attachments;
    private final CallLog callLog;

    MessageApiController(
            Customers customers,
            Messages messages,
            Outbox outbox,
            ScheduledTexts scheduled,
            Attachments attachments,
            CallLog callLog) {
        this.callLog = callLog;
        this.attachments = attachments;
        this.customers = customers;
        this.messages = messages;
        this.outbox = outbox;
        this.scheduled = scheduled;
    }

    /** A page of the thread, oldest first; {@code before} is the cursor for the page before it (null at the start). */
    record MessagePage(List<MessageJson> messages, Long before) {}

    /**
     * {@code sendAt}: an ISO-8601 instant at least a minute ahead, to schedule the text (absent: send now);
     * {@code from}: one of the business's numbers (absent: the number the customer last texted, else the default).
     */
    record NewMessage(String body, Long jobId, String sendAt, String from) {}

    @GetMapping
    MessagePage list(
            @PathVariable long customerId,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        if (!customers.exists(customerId)) {
            throw new NotFoundException("There is no customer " + customerId + ".");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIMIT + ".");
        }
        var page = messages.thread(customerId, before == null ? Long.MAX_VALUE : before, limit);
        var cursor = page.size() == limit ? page.get(0).id() : null;
        var calls = callLog.details(
                page.stream().filter(Message::isCall).map(Message::id).toList());
        return new MessagePage(
                page.stream()
                        .map(m -> {
                            var d = calls.get(m.id());
                            return MessageJson.of(
                                    m,
                                    d == null
                                            ? null
                                            : MessageJson.call(
                                                    m, d.answeredBy(), d.talkSeconds(), d.recordingSeconds()));
                        })
                        .toList(),
                cursor);
    }

    /** The same, as {@code multipart/form-data}: a {@code body} part (may be empty) and up to 10 {@code media} parts. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    MessageJson sendWithFiles(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(required = false) Long jobId,
            @RequestParam(name = "media", required = false) List<MultipartFile> media,
            @RequestParam(required = false) String from,
            Principal user) {
        outbox.refuseIfCannotText(customerId, jobId);
        var files = attachments.accept(Uploads.of(media));
        return MessageJson.of(outbox.queue(TextToGo.to(customerId, body, Sender.person(user.getName()))
                .about(jobId)
                .sentFrom(from)
                .with(files)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    MessageJson send(@PathVariable long customerId, @RequestBody NewMessage body, Principal user) {
        if (body.sendAt() != null) {
            OffsetDateTime at;
            try {
                at = OffsetDateTime.parse(body.sendAt().strip());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("sendAt must be an ISO-8601 instant such as 2026-12-03T08:00:00-08:00,"
                        + " not \"" + body.sendAt() + "\".");
            }
            return MessageJson.of(
                    scheduled.schedule(text(customerId, body, user).at(at)));
        }
        return MessageJson.of(outbox.queue(text(customerId, body, user)));
    }

    private static TextToGo text(long customerId, NewMessage message, Principal user) {
        return TextToGo.to(customerId, message.body(), Sender.person(user.getName()))
                .about(message.jobId())
                .sentFrom(message.from());
    }
}
