package com.kontrol.messaging.thread;

import com.kontrol.web.ApiController;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** {@code /api/v1/quick-replies}: the team's and one's own saved answers. */
@ApiController("/api/v1/quick-replies")
class QuickReplyApiController {

    record QuickReplyJson(long id, String name, String body, boolean personal) {
        static QuickReplyJson of(QuickReplies.QuickReply q) {
            return new QuickReplyJson(q.id(), q.name(), q.body(), q.personal());
        }
    }

    record QuickReplyList(List<QuickReplyJson> quickReplies) {}

    /** {@code personal}: one's own (the default), or the team's (admins). */
    record NewQuickReply(String name, String body, Boolean personal) {}

    record ChangedQuickReply(String name, String body) {}

    private final QuickReplies quickReplies;

    QuickReplyApiController(QuickReplies quickReplies) {
        this.quickReplies = quickReplies;
    }

    @GetMapping
    QuickReplyList list(HttpServletRequest request) {
        return new QuickReplyList(
                quickReplies.visibleTo(request.getUserPrincipal().getName()).stream()
                        .map(QuickReplyJson::of)
                        .toList());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    QuickReplyJson add(@RequestBody NewQuickReply body, HttpServletRequest request) {
        return QuickReplyJson.of(
                quickReplies.add(body.name(), body.body(), body.personal() == null || body.personal(), who(request)));
    }

    @PutMapping("/{id}")
    QuickReplyJson change(@PathVariable long id, @RequestBody ChangedQuickReply body, HttpServletRequest request) {
        return QuickReplyJson.of(quickReplies.change(id, body.name(), body.body(), who(request)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id, HttpServletRequest request) {
        quickReplies.delete(id, who(request));
    }

    static QuickReplies.Who who(HttpServletRequest request) {
        return new QuickReplies.Who(request.getUserPrincipal().getName(), request.isUserInRole("ADMIN"));
    }
}
