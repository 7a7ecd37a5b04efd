package com.kontrol.live;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The event streams that live pages subscribe to. */
@Controller
class LiveController {

    private final LiveUpdates updates;

    LiveController(LiveUpdates updates) {
        this.updates = updates;
    }

    @GetMapping(path = "/customers/{id}/sms/stream", produces = "text/event-stream")
    @ResponseBody
    SseEmitter thread(@PathVariable long id) {
        return updates.watchThread(id);
    }

    /** The unassigned inbox's count for the navigation badge, on every page. */
    @GetMapping(path = "/communication/messages/stream", produces = "text/event-stream")
    @ResponseBody
    SseEmitter inbox() {
        return updates.watchInbox();
    }
}
