package com.kontrol.messaging.retention;

import com.kontrol.messaging.ProviderCopies;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings › Data retention (admins): how long texts are kept, whether Twilio's copies go too, and the last run. */
@Controller
@RequestMapping("/settings/retention")
class RetentionController {

    private final DataRetention retention;
    private final RetentionRules rules;
    private final ProviderCopies providerCopies;

    RetentionController(DataRetention retention, RetentionRules rules, ProviderCopies providerCopies) {
        this.retention = retention;
        this.rules = rules;
        this.providerCopies = providerCopies;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("rule", retention.rule());
        model.addAttribute("lastRun", rules.lastRun().orElse(null));
        model.addAttribute("providerAvailable", providerCopies.available());
        return "settings/retention";
    }

    @PostMapping
    String save(
            @RequestParam(defaultValue = "") String days,
            @RequestParam(defaultValue = "false") boolean deleteAtProvider,
            Principal user,
            RedirectAttributes redirect) {
        try {
            retention.save(parseDays(days), deleteAtProvider, user.getName());
            redirect.addFlashAttribute(
                    "notice",
                    days.isBlank()
                            ? "Saved: texts are kept for good."
                            : "Saved: texts older than " + days.strip() + " days are redacted at the next daily run"
                                    + " (or now, with Apply now).");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("settingsError", e.getMessage() + " Nothing was saved.");
        }
        return "redirect:/settings/retention";
    }

    @PostMapping("/run")
    String run(Principal user, RedirectAttributes redirect) {
        try {
            retention.startNow(user.getName());
            redirect.addFlashAttribute(
                    "notice",
                    "Applying data retention now: reload this page for the result (it is in the audit log too).");
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("settingsError", e.getMessage());
        }
        return "redirect:/settings/retention";
    }

    static Integer parseDays(String days) {
        if (days == null || days.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(days.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("\"" + (days.length() > 20 ? days.substring(0, 20) + "…" : days.strip())
                    + "\" is not a number of days.");
        }
    }
}
