package com.kontrol.twilio;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.PublicUrl;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings › Integrations › Twilio, what the business sends from: a Messaging Service (checked with Twilio first) and
 * its incoming-message URL, and the labels of the business's numbers. The page itself is {@link
 * TwilioSettingsController}'s.
 */
@Controller
@RequestMapping("/settings/integrations/twilio")
class SendersSettingsController {

    private final TwilioAccounts accounts;
    private final MessagingServices services;
    private final MessagingServiceAssistant serviceAssistant;
    private final PublicUrl publicUrl;
    private final BusinessNumbers businessNumbers;
    private final PhoneNumbers numbers;
    private final AuditLog audit;

    SendersSettingsController(
            TwilioAccounts accounts,
            MessagingServices services,
            MessagingServiceAssistant serviceAssistant,
            PublicUrl publicUrl,
            BusinessNumbers businessNumbers,
            PhoneNumbers numbers,
            AuditLog audit) {
        this.accounts = accounts;
        this.services = services;
        this.serviceAssistant = serviceAssistant;
        this.publicUrl = publicUrl;
        this.businessNumbers = businessNumbers;
        this.numbers = numbers;
        this.audit = audit;
    }

    /** Sends through a Messaging Service from now on (checked with Twilio first), or from the number again (empty). */
    @PostMapping("/messaging-service")
    String messagingService(@RequestParam(defaultValue = "") String sid, Principal user, RedirectAttributes redirect) {
        var account = accounts.current();
        var clean = sid.strip();
        if (services.fromConfiguration()) {
            redirect.addFlashAttribute(
                    "serviceError",
                    "The Messaging Service comes from the configuration (kontrol.twilio.messaging-service-sid):"
                            + " change it there.");
        } else if (account.isEmpty()) {
            redirect.addFlashAttribute("serviceError", "Save an Account SID, Auth Token and phone number first.");
        } else if (clean.isEmpty()) {
            services.save(null, user.getName());
            redirect.addFlashAttribute(
                    "notice",
                    "Texts go out from " + account.get().phoneNumber() + " again, without a Messaging Service.");
        } else if (!MessagingServices.SID.matcher(clean).matches()) {
            redirect.addFlashAttribute(
                    "serviceError",
                    "A Messaging Service SID is MG and 32 hexadecimal characters (Messaging › Services in the Twilio"
                            + " Console). Nothing was saved.");
        } else {
            var refusal = serviceAssistant.refusal(account.get(), clean);
            if (refusal.isPresent()) {
                redirect.addFlashAttribute("serviceError", "Not saved: " + refusal.get());
            } else {
                services.save(clean, user.getName());
                var webhook = publicUrl.base().map(b -> b + WebhookPaths.INBOUND);
                webhook.ifPresent(w ->
                        redirect.addFlashAttribute("checks", serviceAssistant.checkService(account.get(), clean, w)));
                redirect.addFlashAttribute(
                        "notice", "Texts now go out through Messaging Service " + clean + ": Twilio picks the number.");
            }
        }
        return "redirect:/settings/integrations/twilio";
    }

    /** Points the Messaging Service's incoming-message URL at Kontrol. */
    @PostMapping("/messaging-service/webhook")
    String pointService(RedirectAttributes redirect) {
        var account = accounts.current();
        var service = services.current();
        var webhook = publicUrl.base().map(b -> b + WebhookPaths.INBOUND);
        if (account.isEmpty() || service.isEmpty()) {
            redirect.addFlashAttribute("serviceError", "Save a Messaging Service SID first.");
        } else if (webhook.isEmpty()) {
            redirect.addFlashAttribute("serviceError", TwilioSettingsController.NO_PUBLIC_URL);
        } else {
            redirect.addFlashAttribute(
                    "webhookResult",
                    serviceAssistant.pointServiceAtKontrol(account.get(), service.get(), webhook.get()));
        }
        return "redirect:/settings/integrations/twilio";
    }

    /** Names one of the business's numbers ("Eastside"), for the thread and the reply box. */
    @PostMapping("/numbers")
    String relabel(
            @RequestParam String phone,
            @RequestParam(defaultValue = "") String label,
            Principal user,
            RedirectAttributes redirect) {
        if (businessNumbers.relabel(phone, label, user.getName())) {
            audit.record(
                    user.getName(),
                    AuditAction.SETTINGS_CHANGED,
                    null,
                    "Business number " + phone + " labelled "
                            + (label.isBlank() ? "(none)" : "\"" + label.strip() + "\""));
            redirect.addFlashAttribute("notice", "Saved the label of " + numbers.display(phone) + ".");
        } else {
            redirect.addFlashAttribute("serviceError", phone + " is not one of the business's numbers.");
        }
        return "redirect:/settings/integrations/twilio";
    }
}
