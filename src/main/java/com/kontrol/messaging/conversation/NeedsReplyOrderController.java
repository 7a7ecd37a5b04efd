package com.kontrol.messaging.conversation;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Each person flips their own Needs reply between longest waiting first and newest first; nobody else's changes. */
@Controller
class NeedsReplyOrderController {

    private final InboxPreferences preferences;

    NeedsReplyOrderController(InboxPreferences preferences) {
        this.preferences = preferences;
    }

    @PostMapping("/communication/messages/order")
    String order(@RequestParam boolean newestFirst, Principal me) {
        preferences.needsReplyNewestFirst(me.getName(), newestFirst);
        return "redirect:/communication/messages?view=needs_reply";
    }
}
