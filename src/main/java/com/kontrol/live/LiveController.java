package com.kontrol.live;

import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The event streams that live pages subscribe to. */
@Controller
class LiveController {

    private final LiveUpdates updates;

    LiveController(LiveUpdates updates) {
        this.updates = updates;
    }

    /**
     * The page's event stream; {@code customer} on a customer's SMS tab. 429 when the server has as many open as it
     * allows; the browser retries by itself.
     */
    @GetMapping(path = "/live", produces = "text/event-stream")
    ResponseEntity<SseEmitter> live(@RequestParam(required = false) Long customer, Principal user) {
        return updates.watch(user.getName(), customer)
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header("Retry-After", "30")
                        .build());
    }
}
