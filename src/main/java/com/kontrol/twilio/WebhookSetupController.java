package com.kontrol.twilio;

import com.kontrol.twilio.sandbox.Sandbox;
import com.kontrol.web.PublicUrl;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings › Integrations › Twilio, the webhook's two buttons: point the number's incoming-text URL at Kontrol (asking
 * first when it points at another app), and the signed self-test through the public URL. The page itself is {@link
 * TwilioSettingsController}'s.
 */
@Controller
@RequestMapping("/settings/integrations/twilio")
class WebhookSetupController {

    private final TwilioAccounts accounts;
    private final PublicUrl publicUrl;
    private final TwilioSetupAssistant assistant;
    private final SelfTest selfTests;
    private final Sandbox sandbox;

    WebhookSetupController(
            TwilioAccounts accounts,
            PublicUrl publicUrl,
            TwilioSetupAssistant assistant,
            SelfTest selfTests,
            Sandbox sandbox) {
        this.accounts = accounts;
        this.publicUrl = publicUrl;
        this.assistant = assistant;
        this.selfTests = selfTests;
        this.sandbox = sandbox;
    }

    /** Points the number's incoming-text webhook at Kontrol; asks first when it points somewhere else. */
    @PostMapping("/webhook")
    String pointWebhook(@RequestParam(defaultValue = "false") boolean replace, RedirectAttributes redirect) {
        var account = accounts.current();
        if (account.isEmpty()) {
            redirect.addFlashAttribute("setupError", "Save an Account SID, Auth Token and phone number first.");
            return "redirect:/settings/integrations/twilio";
        }
        var webhook = publicUrl.base().map(b -> b + WebhookPaths.INBOUND);
        if (webhook.isEmpty()) {
            redirect.addFlashAttribute("setupError", TwilioSettingsController.NO_PUBLIC_URL);
            return "redirect:/settings/integrations/twilio";
        }
        var url = webhook.get();
        var verification = assistant.verify(account.get(), url);
        if (verification.number().isEmpty()) {
            redirect.addFlashAttribute("checks", verification.checks());
            return "redirect:/settings/integrations/twilio";
        }
        var number = verification.number().get();
        var current = number.smsUrl();
        if (!current.isBlank() && !WebhookRetries.requested(current).equals(url) && !replace) {
            redirect.addFlashAttribute("confirmReplace", current);
            return "redirect:/settings/integrations/twilio";
        }
        redirect.addFlashAttribute("webhookResult", assistant.pointWebhookAtKontrol(account.get(), number, url));
        return "redirect:/settings/integrations/twilio";
    }

    /** Posts a signed sample to Kontrol's own public webhook URL and reports whether it came back. */
    @PostMapping("/self-test")
    String selfTest(RedirectAttributes redirect) {
        var webhook = publicUrl.base().map(b -> b + WebhookPaths.INBOUND);
        if (webhook.isEmpty()) {
            redirect.addFlashAttribute("setupError", TwilioSettingsController.NO_PUBLIC_URL);
            return "redirect:/settings/integrations/twilio";
        }
        var token = accounts.current().map(TwilioAccount::authToken).orElse(sandbox.token());
        var to = accounts.current().map(TwilioAccount::phoneNumber).orElse(Sandbox.NUMBER);
        redirect.addFlashAttribute("selfTest", selfTests.run(webhook.get(), token, "+15005550009", to));
        return "redirect:/settings/integrations/twilio";
    }
}
