package com.kontrol.notification;

import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The job page's record of notifications: what was texted (and where that text is now: queued, sent, delivered,
 * failed), skipped and why, replaced, and who or what caused it. The page asks for it again as the texts move.
 */
@Controller
class JobNotificationsController {

    private final NotificationLog notifications;
    private final Messages messages;

    JobNotificationsController(NotificationLog notifications, Messages messages) {
        this.notifications = notifications;
        this.messages = messages;
    }

    @GetMapping("/jobs/{id}/notifications")
    String ofJob(@PathVariable long id, Model model) {
        var entries = notifications.ofJob(id);
        Map<Long, Message> texts =
                messages
                        .byIds(entries.stream()
                                .map(NotificationLogEntry::messageId)
                                .filter(Objects::nonNull)
                                .toList())
                        .stream()
                        .collect(Collectors.toMap(Message::id, Function.identity()));
        model.addAttribute("entries", entries);
        model.addAttribute("texts", texts);
        return "settings/notifications :: jobLog";
    }
}
