package com.kontrol.call;

import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.FieldErrors;
import java.security.Principal;
import java.util.List;
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

    private final CallSettingsDesk desk;
    private final PhoneNumbers numbers;

    CallSettingsController(CallSettingsDesk desk, PhoneNumbers numbers) {
        this.desk = desk;
        this.numbers = numbers;
    }

    @GetMapping
    String page(Model model) {
        var s = desk.current();
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
        var checked = desk.check(new CallSettingsDesk.Typed(
                List.of(forwardTo.split("[\\n,;]")),
                ringInOrder,
                ringSeconds,
                greeting,
                voicemail,
                voicemailGreeting,
                transcribe,
                textBack,
                textBackBody));
        if (!checked.errors().isEmpty()) {
            model.addAttribute("s", checked.settings());
            model.addAttribute("forwardTo", forwardTo); // as typed, mistakes and all
            model.addAttribute("ringSeconds", ringSeconds);
            model.addAttribute("errors", checked.errors());
            return "settings/calls";
        }
        desk.save(checked.settings(), user.getName());
        redirect.addFlashAttribute("notice", "Call settings saved.");
        return "redirect:/settings/calls";
    }
}
