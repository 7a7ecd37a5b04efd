package com.kontrol.messaging.unassigned;

import com.kontrol.messaging.MessageJson;
import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** {@code /api/v1/inbox}: the unassigned inbox for scripts. */
@ApiController("/api/v1/inbox")
class UnassignedApiController {

    private final UnassignedNumbers inbox;
    private final Triage triage;

    UnassignedApiController(UnassignedNumbers inbox, Triage triage) {
        this.inbox = inbox;
        this.triage = triage;
    }

    record InboxConversationJson(String phone, List<MessageJson> messages, OffsetDateTime lastMessageAt) {}

    record InboxPage(List<InboxConversationJson> conversations) {}

    record AssignBody(Long customerId) {}

    @GetMapping
    InboxPage list() {
        return new InboxPage(inbox.conversations(false, 1000).stream()
                .map(c -> new InboxConversationJson(
                        c.phone(), c.messages().stream().map(MessageJson::of).toList(), c.lastMessageAt()))
                .toList());
    }

    @PostMapping("/{phone}/assign")
    Map<String, Object> assign(@PathVariable String phone, @RequestBody AssignBody body, Principal user) {
        if (body.customerId() == null) {
            throw new InvalidInputException("customerId is required.");
        }
        if (inbox.conversation(phone).isEmpty() && inbox.assignment(phone).isEmpty()) {
            throw new NotFoundException("No unassigned texts from " + phone + ".");
        }
        var a = triage.assign(phone, body.customerId(), user.getName());
        return Map.of(
                "phone",
                a.phone(),
                "customerId",
                a.customerId(),
                "assignedBy",
                a.assignedBy(),
                "assignedAt",
                a.assignedAt());
    }

    @PostMapping("/{phone}/dismiss")
    Map<String, Object> dismiss(@PathVariable String phone, Principal user) {
        triage.dismiss(phone, user.getName(), false);
        return Map.of("phone", phone, "dismissed", true);
    }
}
