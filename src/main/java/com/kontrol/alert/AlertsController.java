package com.kontrol.alert;

import com.kontrol.security.StaffDirectory;
import java.security.Principal;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Your profile › Alerts: how you hear of customer texts. Everyone chooses their own. */
@Controller
@RequestMapping("/profile/alerts")
class AlertsController {

    private final AlertPreferences preferences;
    private final MailQueue mail;
    private final StaffDirectory staff;
    private final AlertSettings settings;
    private final Clock clock;

    AlertsController(
            AlertPreferences preferences, MailQueue mail, StaffDirectory staff, AlertSettings settings, Clock clock) {
        this.preferences = preferences;
        this.mail = mail;
        this.staff = staff;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping
    String alerts(Principal me, Model model) {
        model.addAttribute("choice", preferences.of(me.getName()));
        model.addAttribute("mailConfigured", mail.configured());
        model.addAttribute(
                "email",
                staff.member(me.getName()).flatMap(StaffDirectory.Member::email).orElse(null));
        model.addAttribute("unansweredMinutes", settings.unansweredMinutes());
        return "profile-alerts";
    }

    @PostMapping
    String save(
            @RequestParam(defaultValue = "false") boolean browser,
            @RequestParam(defaultValue = "false") boolean sound,
            @RequestParam(defaultValue = "false") boolean emailArrivals,
            @RequestParam(defaultValue = "false") boolean emailUnanswered,
            Principal me,
            RedirectAttributes redirect) {
        if (!mail.configured()) { // the e-mail boxes were shown disabled, so the form did not send them
            var before = preferences.of(me.getName());
            emailArrivals = before.emailArrivals();
            emailUnanswered = before.emailUnanswered();
        }
        preferences.save(
                me.getName(),
                new AlertPreferences.Choice(browser, sound, emailArrivals, emailUnanswered),
                OffsetDateTime.now(clock));
        redirect.addFlashAttribute("notice", "Saved.");
        return "redirect:/profile/alerts";
    }
}
