package com.kontrol.notification;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The job page's record of notifications: what was texted, skipped and why, replaced, and who or what caused it. */
@Controller
class JobNotificationsController {

    private final NotificationLog notifications;

    JobNotificationsController(NotificationLog notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/jobs/{id}/notifications")
    String ofJob(@PathVariable long id, Model model) {
        model.addAttribute("entries", notifications.ofJob(id));
        return "settings/notifications :: jobLog";
    }
}
