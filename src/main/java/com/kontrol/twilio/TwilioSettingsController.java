package com.kontrol.twilio;

import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.PublicUrl;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings > Integrations > Twilio (admins only): the account, and the webhook URL to paste into Twilio. */
@Controller
@RequestMapping("/settings/integrations/twilio")
class TwilioSettingsController {

    static final String INBOUND_PATH = "/api/webhooks/twilio/inbound";

    private final TwilioAccounts accounts;
    private final PhoneNumbers numbers;
    private final PublicUrl publicUrl;

    TwilioSettingsController(TwilioAccounts accounts, PhoneNumbers numbers, PublicUrl publicUrl) {
        this.accounts = accounts;
        this.numbers = numbers;
        this.publicUrl = publicUrl;
    }

    @GetMapping
    String page(Model model) {
        var account = accounts.current();
        model.addAttribute(
                "form", account.map(a -> TwilioSettingsForm.of(a, numbers)).orElseGet(TwilioSettingsForm::new));
        model.addAttribute("errors", Map.of());
        return show(model);
    }

    @PostMapping
    String save(
            @ModelAttribute("form") TwilioSettingsForm form, Model model, Principal user, RedirectAttributes redirect) {
        var stored = accounts.current().map(TwilioAccount::authToken).orElse(null);
        var errors = new LinkedHashMap<String, String>();
        var checked = form.check(stored, numbers, errors);
        if (!errors.isEmpty()) {
            form.setAuthToken(""); // never echo a token back into the page
            model.addAttribute("errors", errors);
            return show(model);
        }
        accounts.save(checked.accountSid(), checked.authToken(), checked.phoneNumber(), user.getName());
        redirect.addFlashAttribute("notice", "Twilio settings saved.");
        return "redirect:/settings/integrations/twilio";
    }

    private String show(Model model) {
        var account = accounts.current();
        // The template sees plain values, never the account (and so never its token).
        model.addAttribute("connected", account.isPresent());
        model.addAttribute(
                "fromConfiguration",
                account.map(a -> a.source() == TwilioAccount.Source.CONFIGURATION)
                        .orElse(false));
        model.addAttribute(
                "maskedToken", account.map(TwilioAccount::maskedToken).orElse(null));
        model.addAttribute("updatedBy", account.map(TwilioAccount::updatedBy).orElse(null));
        model.addAttribute("updatedAt", account.map(TwilioAccount::updatedAt).orElse(null));
        model.addAttribute("webhookUrl", publicUrl.base() + INBOUND_PATH);
        model.addAttribute("publicUrlConfigured", publicUrl.isConfigured());
        return "settings/twilio";
    }
}
