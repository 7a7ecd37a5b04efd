package com.kontrol.job;

import com.kontrol.web.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The customer portal of a job: no login, the unguessable token is the key. */
@Controller
class PortalController {

    private final Jobs jobs;

    PortalController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/portal/{token}")
    String job(@PathVariable String token, Model model) {
        var job = jobs.findByPortalToken(token).orElseThrow(() -> new NotFoundException("No such job."));
        model.addAttribute("job", job);
        return "portal/job";
    }
}
