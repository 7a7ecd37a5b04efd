package com.kontrol.messaging.thread;

import com.kontrol.messaging.MessageJson;
import com.kontrol.messaging.conversation.ThreadNotes;
import com.kontrol.web.ApiController;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** {@code POST /api/v1/customers/{id}/notes}: a note in the thread, listed with the texts as direction "note". */
@ApiController
class NotesApiController {

    record NewNote(String body) {}

    private final ThreadNotes notes;

    NotesApiController(ThreadNotes notes) {
        this.notes = notes;
    }

    @PostMapping("/api/v1/customers/{customerId}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    MessageJson add(@PathVariable long customerId, @RequestBody NewNote body, Principal user) {
        return MessageJson.of(notes.add(customerId, body.body(), user.getName()));
    }
}
