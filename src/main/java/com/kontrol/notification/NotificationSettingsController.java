package com.kontrol.notification;

import com.kontrol.customer.Customer;
import com.kontrol.job.Job;
import com.kontrol.job.JobStatus;
import com.kontrol.messaging.outbound.Draft;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.Shortcodes;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.visit.ArrivalWindow;
import com.kontrol.visit.Visit;
import com.kontrol.visit.VisitStatus;
import java.security.Principal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings > Notifications (admins): the wording of each automatic text, with a live preview, and its switch. */
@Controller
@RequestMapping("/settings/notifications")
class NotificationSettingsController {

    // The preview's sample: its dates are never shown.
    private static final OffsetDateTime SAMPLE_DATE = OffsetDateTime.parse("2026-01-05T09:00:00Z");
    private static final Customer SAMPLE_CUSTOMER = new Customer(
            0, "Maria Gonzalez", List.of(PhoneNumber.ofE164("+14155550134")), true, List.of(), SAMPLE_DATE, null);
    private static final Job SAMPLE_JOB =
            new Job(0, 1001, "Boiler service", JobStatus.SCHEDULED, 0, "sample-portal-link", SAMPLE_DATE, SAMPLE_DATE);
    private static final String SAMPLE_APPROVAL = "Replace the pressure valve ($180.00)";
    private static final Visit SAMPLE_VISIT = new Visit(
            0,
            0,
            LocalDate.parse("2026-01-06"),
            new ArrivalWindow("08:00", "10:00"),
            "sam",
            VisitStatus.SCHEDULED,
            "dana",
            SAMPLE_DATE);

    private final NotificationTemplates templates;
    private final Shortcodes shortcodes;
    private final Outbox outbox;

    NotificationSettingsController(NotificationTemplates templates, Shortcodes shortcodes, Outbox outbox) {
        this.templates = templates;
        this.shortcodes = shortcodes;
        this.outbox = outbox;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("templates", templates.all());
        model.addAttribute("shortcodes", shortcodes.names());
        model.addAttribute("rules", outbox.automaticTextRules());
        model.addAttribute(
                "previews", templates.all().stream().map(t -> preview(t.body())).toList());
        return "settings/notifications";
    }

    @PostMapping("/preview")
    String livePreview(@RequestParam(defaultValue = "") String body, Model model) {
        model.addAttribute("preview", preview(body));
        return "settings/notifications :: preview";
    }

    @PostMapping("/{kind}")
    String save(
            @PathVariable String kind,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "false") boolean enabled,
            Principal user,
            RedirectAttributes redirect) {
        var k = NotificationKind.valueOf(kind.toUpperCase(Locale.ROOT));
        var check = preview(body);
        if (!check.ok()) {
            redirect.addFlashAttribute("templateError", k.label + ": " + check.error() + " Nothing was saved.");
            return "redirect:/settings/notifications";
        }
        templates.save(k, body.strip(), enabled, user.getName());
        redirect.addFlashAttribute("notice", "\"" + k.label + "\" saved.");
        return "redirect:/settings/notifications";
    }

    private Draft preview(String body) {
        var text = body == null
                ? ""
                : OnTheWay.fill(
                        VisitReminders.fill(body.replace("{{approval}}", SAMPLE_APPROVAL), SAMPLE_VISIT), "Sam", 20);
        return outbox.previewFor(SAMPLE_CUSTOMER, SAMPLE_JOB, text);
    }
}
