package com.kontrol.messaging.consent;

import com.kontrol.web.ConflictException;
import com.kontrol.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/** The thread's "Possible opt-out" banner: one tap records the opt-out, or that it was not one. */
@Controller
class ConsentReviewController {

    private final ConsentReviews reviews;

    ConsentReviewController(ConsentReviews reviews) {
        this.reviews = reviews;
    }

    @PostMapping("/customers/{id}/sms/consent-reviews/{messageId}")
    String decide(
            @PathVariable long id,
            @PathVariable long messageId,
            @RequestParam boolean optOut,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            HttpServletRequest request,
            HttpServletResponse response,
            Principal user,
            RedirectAttributes redirect) {
        try {
            reviews.decide(id, messageId, optOut, user.getName());
            redirect.addFlashAttribute(
                    "notice",
                    optOut
                            ? "Recorded: no more texts. The customer can text START to get texts again."
                            : "Recorded: not an opt-out.");
        } catch (ConflictException | NotFoundException e) {
            redirect.addFlashAttribute("consentError", e.getMessage());
        }
        var thread = "/customers/" + id + "/sms";
        if (htmx != null) { // a banner pushed live has no form token of its own: htmx sent the page's
            var flash = RequestContextUtils.getOutputFlashMap(request);
            flash.putAll(redirect.getFlashAttributes());
            RequestContextUtils.saveOutputFlashMap(thread, request, response);
            response.setHeader("HX-Redirect", thread);
            return null;
        }
        return "redirect:" + thread;
    }
}
