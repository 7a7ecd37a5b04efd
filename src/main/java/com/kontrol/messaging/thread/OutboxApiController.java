package com.kontrol.messaging.thread;

import com.kontrol.messaging.MessageJson;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.Resends;
import com.kontrol.web.ApiController;
import com.kontrol.web.ConflictException;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A sent text's second chance and a queued text's withdrawal, in the API. */
@ApiController
class OutboxApiController {

    private final Outbox outbox;
    private final Resends resends;
    private final Messages messages;

    OutboxApiController(Outbox outbox, Resends resends, Messages messages) {
        this.outbox = outbox;
        this.resends = resends;
        this.messages = messages;
    }

    /** 202 the new attempt; 409 when it was already sent again (saying by whom) or did not fail. */
    @PostMapping("/api/v1/messages/{id}/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MessageJson resend(@PathVariable long id, Principal user) {
        return MessageJson.of(resends.resend(id, user.getName()));
    }

    /** 200 the withdrawn text; 409 once it reached Twilio (or is on its way). */
    @DeleteMapping("/api/v1/messages/{id}")
    MessageJson cancel(@PathVariable long id, Principal user) {
        var message = messages.findById(id).orElseThrow(() -> new NotFoundException("There is no message " + id + "."));
        if (message.isInbound() || !outbox.cancel(id, user.getName())) {
            throw new ConflictException("Text " + id + " is " + message.status()
                    + ": only a text still waiting in the outbox can be withdrawn.");
        }
        return MessageJson.of(messages.findById(id).orElseThrow());
    }
}
