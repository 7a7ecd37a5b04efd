package com.kontrol.live;

import com.kontrol.customer.Customers;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The event streams that live pages subscribe to. */
@Controller
class LiveController {

    private final LiveUpdates updates;
    private final Presence presence;
    private final Customers customers;

    LiveController(LiveUpdates updates, Presence presence, Customers customers) {
        this.updates = updates;
        this.presence = presence;
        this.customers = customers;
    }

    /**
     * The page's event stream; {@code customer} on a customer's SMS tab, {@code job} on a job's page. 429 when the server has as many open as it
     * allows; the browser retries by itself.
     */
    @GetMapping(path = "/live", produces = "text/event-stream")
    ResponseEntity<SseEmitter> live(
            @RequestParam(required = false) Long customer, @RequestParam(required = false) Long job, Principal user) {
        return updates.watch(user.getName(), customer, job)
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header("Retry-After", "30")
                        .build());
    }

    /** The person is typing in the reply box of customer {@code customer}'s thread (the page says so every few seconds). */
    @PostMapping("/live/typing")
    ResponseEntity<Void> typing(@RequestParam long customer, Principal user) {
        return said(customer, user, Presence.State.TYPING);
    }

    /** The person's page left customer {@code customer}'s thread (another was opened, or the page closed). */
    @PostMapping("/live/left")
    ResponseEntity<Void> left(@RequestParam long customer, Principal user) {
        return said(customer, user, Presence.State.LEFT);
    }

    private ResponseEntity<Void> said(long customer, Principal user, Presence.State state) {
        if (customers.findById(customer).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        presence.announce(customer, user.getName(), state);
        return ResponseEntity.noContent().build();
    }
}
