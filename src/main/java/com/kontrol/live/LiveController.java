package com.kontrol.live;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The event streams that live pages subscribe to. */
@Controller
class LiveController {

    private final LiveUpdates updates;

    LiveController(LiveUpdates updates) {
        this.updates = updates;
    }

    /** The page's event stream; {@code customer} on a customer's SMS tab. */
    @GetMapping(path = "/live", produces = "text/event-stream")
    @ResponseBody
    SseEmitter live(@RequestParam(required = false) Long customer) {
        return updates.watch(customer);
    }
}
