package com.kontrol.messaging.conversation;

import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageJson;
import com.kontrol.messaging.Messages;
import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /api/v1/conversations}: the team inbox's views and what the team does to a conversation. */
@ApiController
class ConversationApiController {

    record ConversationJson(
            long customerId,
            String customerName,
            String state,
            OffsetDateTime snoozedUntil,
            String owner,
            MessageJson lastMessage,
            OffsetDateTime waitingSince,
            boolean unread) {}

    /** {@code after}: the cursor of the next page; null on the last page. */
    record ConversationPage(List<ConversationJson> conversations, Long after) {}

    record OwnerBody(String username) {}

    record SnoozeBody(String until) {}

    private final Conversations conversations;
    private final ConversationDesk desk;
    private final Messages messages;

    ConversationApiController(Conversations conversations, ConversationDesk desk, Messages messages) {
        this.conversations = conversations;
        this.desk = desk;
        this.messages = messages;
    }

    @GetMapping("/api/v1/conversations")
    ConversationPage list(
            @RequestParam(defaultValue = "needs_reply") String view,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "50") int limit,
            Principal me) {
        var chosen = ConversationView.ofCode(view)
                .orElseThrow(() -> new InvalidInputException(
                        "\"" + view + "\" is not a view: needs_reply, mine, all, closed or snoozed."));
        if (limit < 1 || limit > Conversations.MAX_PAGE) {
            throw new InvalidInputException("limit must be between 1 and " + Conversations.MAX_PAGE + ".");
        }
        var rows = conversations.page(chosen, me.getName(), after, limit);
        return new ConversationPage(
                json(rows), rows.size() == limit ? rows.get(rows.size() - 1).customerId() : null);
    }

    @PostMapping("/api/v1/conversations/{customerId}/owner")
    ConversationJson owner(@PathVariable long customerId, @RequestBody OwnerBody body, Principal me) {
        return one(desk.assign(customerId, body.username(), me.getName()));
    }

    @PostMapping("/api/v1/conversations/{customerId}/close")
    ConversationJson close(@PathVariable long customerId, Principal me) {
        return one(desk.close(customerId, me.getName()));
    }

    @PostMapping("/api/v1/conversations/{customerId}/reopen")
    ConversationJson reopen(@PathVariable long customerId, Principal me) {
        return one(desk.reopen(customerId, me.getName()));
    }

    @PostMapping("/api/v1/conversations/{customerId}/snooze")
    ConversationJson snooze(@PathVariable long customerId, @RequestBody SnoozeBody body, Principal me) {
        OffsetDateTime until;
        try {
            until = body.until() == null ? null : OffsetDateTime.parse(body.until());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    "until must be an ISO-8601 instant such as 2026-12-03T08:00:00Z, not \"" + body.until() + "\".");
        }
        return one(desk.snooze(customerId, until, me.getName()));
    }

    @PostMapping("/api/v1/conversations/{customerId}/read")
    ConversationJson read(@PathVariable long customerId, Principal me) {
        desk.markRead(customerId, me.getName());
        return one(conversations
                .find(customerId, me.getName())
                .orElseThrow(
                        () -> new NotFoundException("There is no conversation with customer " + customerId + ".")));
    }

    @PostMapping("/api/v1/conversations/{customerId}/unread")
    ConversationJson unread(@PathVariable long customerId, Principal me) {
        return one(desk.markUnread(customerId, me.getName()));
    }

    private ConversationJson one(ConversationRow row) {
        return json(List.of(row)).get(0);
    }

    private List<ConversationJson> json(List<ConversationRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Message> last = messages
                .byIds(rows.stream().map(ConversationRow::lastMessageId).toList())
                .stream()
                .collect(Collectors.toMap(Message::id, Function.identity()));
        return rows.stream()
                .map(r -> new ConversationJson(
                        r.customerId(),
                        r.customerName(),
                        r.state(),
                        r.snoozedUntil(),
                        r.owner(),
                        last.containsKey(r.lastMessageId()) ? MessageJson.of(last.get(r.lastMessageId())) : null,
                        r.waitingSince(),
                        r.unread()))
                .toList();
    }
}
