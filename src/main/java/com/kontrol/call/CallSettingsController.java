package com.kontrol.call;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.FieldErrors;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings › Calls (admins): which office numbers a call to the business number rings, how, for how long; the
 * voicemail; the text back to a caller nobody answered. A mistake is shown beside what was typed, and nothing is saved.
 */
@Controller
@RequestMapping("/settings/calls")
class CallSettingsController {

    static final int MAX_WORDS = 300;
    static final int MAX_TEXT_BACK = 320;

    private final CallSettingsStore store;
    private final PhoneNumbers numbers;
    private final Outbox outbox;
    private final AuditLog audit;

    CallSettingsController(CallSettingsStore store, PhoneNumbers numbers, Outbox outbox, AuditLog audit) {
        this.store = store;
        this.numbers = numbers;
        this.outbox = outbox;
        this.audit = audit;
    }

    @GetMapping
    String page(Model model) {
        var s = store.load();
        model.addAttribute("s", s);
        model.addAttribute(
                "forwardTo",
                String.join("\n", s.forwardTo().stream().map(numbers::display).toList()));
        model.addAttribute("errors", new FieldErrors());
        return "settings/calls";
    }

    @PostMapping
    String save(
            @RequestParam(defaultValue = "") String forwardTo,
            @RequestParam(defaultValue = "false") boolean ringInOrder,
            @RequestParam(defaultValue = "20") String ringSeconds,
            @RequestParam(defaultValue = "") String greeting,
            @RequestParam(defaultValue = "false") boolean voicemail,
            @RequestParam(defaultValue = "") String voicemailGreeting,
            @RequestParam(defaultValue = "false") boolean transcribe,
            @RequestParam(defaultValue = "false") boolean textBack,
            @RequestParam(defaultValue = "") String textBackBody,
            Principal user,
            Model model,
            RedirectAttributes redirect) {
        var errors = new FieldErrors();
        var forward = new LinkedHashSet<String>();
        for (var line : forwardTo.split("[\\n,;]")) {
            if (!line.isBlank()) {
                try {
                    forward.add(numbers.parse(line).e164());
                } catch (InvalidPhoneNumberException e) {
                    errors.reject("forwardTo", e.getMessage());
                }
            }
        }
        if (forward.size() > CallSettings.MAX_NUMBERS) {
            errors.reject("forwardTo", "At most " + CallSettings.MAX_NUMBERS + " numbers can ring for one call.");
        }
        int ring = 0;
        try {
            ring = Integer.parseInt(ringSeconds.strip());
        } catch (NumberFormatException e) {
            ring = -1;
        }
        if (ring < CallSettings.MIN_RING || ring > CallSettings.MAX_RING) {
            errors.reject(
                    "ringSeconds", "Ring for " + CallSettings.MIN_RING + " to " + CallSettings.MAX_RING + " seconds.");
        }
        words(errors, "greeting", greeting, MAX_WORDS);
        words(errors, "voicemailGreeting", voicemailGreeting, MAX_WORDS);
        if (voicemail && voicemailGreeting.isBlank()) {
            errors.reject("voicemailGreeting", "Say what the caller hears before the tone.");
        }
        words(errors, "textBackBody", textBackBody, MAX_TEXT_BACK);
        if (textBack && textBackBody.isBlank()) {
            errors.reject("textBackBody", "Write the text a caller gets back.");
        } else if (!textBackBody.isBlank()) {
            // A caller may be no customer yet: only shortcodes that need none can be filled for every caller.
            outbox.whyNotToAnyNumber(textBackBody).ifPresent(why -> errors.reject("textBackBody", why));
        }
        var settings = new CallSettings(
                new ArrayList<>(forward),
                ringInOrder,
                ring,
                greeting.strip(),
                voicemail,
                voicemailGreeting.strip(),
                transcribe,
                textBack,
                textBackBody.strip());
        if (!errors.isEmpty()) {
            model.addAttribute("s", settings);
            model.addAttribute("forwardTo", forwardTo);
            model.addAttribute("ringSeconds", ringSeconds);
            model.addAttribute("errors", errors);
            return "settings/calls";
        }
        store.save(settings, user.getName());
        audit.record(
                user.getName(),
                AuditAction.SETTINGS_CHANGED,
                null,
                "Calls: "
                        + (forward.isEmpty()
                                ? "no number rings"
                                : forward.size() + " numbers ring" + (ringInOrder ? " in order" : " at once") + " for "
                                        + ring + " s")
                        + "; voicemail " + (voicemail ? "on" : "off") + "; text back " + (textBack ? "on" : "off"));
        redirect.addFlashAttribute("notice", "Call settings saved.");
        return "redirect:/settings/calls";
    }

    private static void words(FieldErrors errors, String field, String text, int max) {
        if (text.strip().length() > max) {
            errors.reject(field, "At most " + max + " characters.");
        }
    }
}
