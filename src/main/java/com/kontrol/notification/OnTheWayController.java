package com.kontrol.notification;

import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The "On my way" button on a visit (the job page's, My day's), with an ETA in minutes (or none). */
@Controller
class OnTheWayController {

    private final OnTheWay onTheWay;

    OnTheWayController(OnTheWay onTheWay) {
        this.onTheWay = onTheWay;
    }

    @PostMapping("/jobs/{id}/visits/{visitId}/on-the-way")
    String send(
            @PathVariable long id,
            @PathVariable long visitId,
            @RequestParam(required = false) Integer eta,
            @RequestParam(required = false) String back,
            Principal user,
            RedirectAttributes redirect) {
        try {
            var result = onTheWay.send(id, visitId, eta, user.getName());
            redirect.addFlashAttribute(result.sent() ? "notice" : "visitError", result.detail());
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("visitError", e.getMessage());
        }
        // Back where the button was: the job's page, or My day (only that: no address a link could choose).
        return "my-day".equals(back) ? "redirect:/my-day" : "redirect:/jobs/" + id;
    }
}
