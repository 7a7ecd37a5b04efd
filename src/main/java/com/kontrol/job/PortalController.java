package com.kontrol.job;

import com.kontrol.web.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The customer portal of a job: no login, the unguessable token is the key. Answers approval requests too. */
@Controller
class PortalController {

    private final Jobs jobs;
    private final Approvals approvals;

    PortalController(Jobs jobs, Approvals approvals) {
        this.jobs = jobs;
        this.approvals = approvals;
    }

    @GetMapping("/portal/{token}")
    String job(@PathVariable String token, Model model) {
        var job = find(token);
        model.addAttribute("job", job);
        model.addAttribute("requests", approvals.ofJob(job.id()));
        return "portal/job";
    }

    @PostMapping("/portal/{token}/approvals/{requestId}")
    String decide(
            @PathVariable String token,
            @PathVariable long requestId,
            @RequestParam String decision,
            RedirectAttributes redirect) {
        var job = find(token);
        var request = approvals
                .find(requestId)
                .filter(r -> r.jobId() == job.id())
                .orElseThrow(() -> new NotFoundException("No such request."));
        var approve = "approve".equals(decision);
        var decided = approvals.decide(request.id(), approve, "portal", "customer");
        redirect.addFlashAttribute(
                "notice",
                decided.isPresent()
                        ? (approve ? "Thank you: approved." : "Thank you: declined.")
                        : "This request was already answered.");
        return "redirect:/portal/" + token;
    }

    private Job find(String token) {
        return jobs.findByPortalToken(token).orElseThrow(() -> new NotFoundException("No such job."));
    }
}
