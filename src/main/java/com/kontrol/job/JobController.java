package com.kontrol.job;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.math.BigDecimal;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The customer's Jobs tab, a job's own page with its status history, and the status change form. */
@Controller
class JobController {

    private final Jobs jobs;
    private final JobDesk desk;
    private final Customers customers;
    private final PortalLinks portal;
    private final Approvals approvals;

    JobController(Jobs jobs, JobDesk desk, Customers customers, PortalLinks portal, Approvals approvals) {
        this.approvals = approvals;
        this.jobs = jobs;
        this.desk = desk;
        this.customers = customers;
        this.portal = portal;
    }

    @GetMapping("/customers/{id}/jobs")
    String tab(@PathVariable long id, Model model) {
        model.addAttribute("customer", customer(id));
        model.addAttribute("jobs", jobs.forCustomer(id));
        model.addAttribute("tab", "jobs");
        return "customers/jobs";
    }

    @PostMapping("/customers/{id}/jobs")
    String open(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String title,
            Principal user,
            Model model,
            RedirectAttributes redirect) {
        var customer = customer(id);
        try {
            var job = desk.open(customer.id(), title, user.getName());
            redirect.addFlashAttribute("notice", "Job " + job.number() + " opened.");
            return "redirect:/customers/" + id + "/jobs";
        } catch (InvalidInputException e) {
            model.addAttribute("customer", customer);
            model.addAttribute("jobs", jobs.forCustomer(id));
            model.addAttribute("tab", "jobs");
            model.addAttribute("titleError", e.getMessage());
            model.addAttribute("title", title);
            return "customers/jobs";
        }
    }

    @GetMapping("/jobs/{id}")
    String job(@PathVariable long id, Model model) {
        var job = find(id);
        model.addAttribute("job", job);
        model.addAttribute("customer", customer(job.customerId()));
        model.addAttribute("history", jobs.history(id));
        model.addAttribute("statuses", JobStatus.values());
        // Staff follow the link in their own browser, so the path serves until the public URL is known.
        model.addAttribute("portalUrl", portal.of(job).orElse("/portal/" + job.portalToken()));
        model.addAttribute("requests", approvals.ofJob(id));
        model.addAttribute("liveJob", id); // the page's event stream also carries its texts' changes
        return "jobs/job";
    }

    @PostMapping("/jobs/{id}/approval-requests")
    String requestApproval(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String summary,
            @RequestParam(required = false) BigDecimal amount,
            Principal user,
            RedirectAttributes redirect) {
        try {
            approvals.request(id, summary, amount, user.getName());
            redirect.addFlashAttribute(
                    "notice", "Approval requested: the customer is texted the request and the portal link.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("approvalError", e.getMessage());
        }
        return "redirect:/jobs/" + id;
    }

    @PostMapping("/jobs/{id}/approval-requests/{requestId}")
    String decide(
            @PathVariable long id,
            @PathVariable long requestId,
            @RequestParam String decision,
            Principal user,
            RedirectAttributes redirect) {
        try {
            if ("undo".equals(decision)) {
                approvals.undo(requestId, user.getName());
                redirect.addFlashAttribute("notice", "Decision undone: the request is open again.");
            } else {
                approvals.decide(requestId, "approve".equals(decision), "staff", user.getName());
                redirect.addFlashAttribute("notice", "Decision recorded.");
            }
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("approvalError", e.getMessage());
        }
        return "redirect:/jobs/" + id;
    }

    @PostMapping("/jobs/{id}/status")
    String changeStatus(
            @PathVariable long id, @RequestParam String status, Principal user, RedirectAttributes redirect) {
        var to = JobStatus.fromCode(status)
                .orElseThrow(() -> new InvalidInputException("\"" + status + "\" is not a job status."));
        var job = desk.changeStatus(id, to, user.getName());
        redirect.addFlashAttribute(
                "notice", "Job " + job.number() + " is now " + to.label().toLowerCase() + ".");
        return "redirect:/jobs/" + id;
    }

    private Job find(long id) {
        return jobs.findById(id).orElseThrow(() -> new NotFoundException("There is no job " + id + "."));
    }

    private Customer customer(long id) {
        return customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
    }
}
