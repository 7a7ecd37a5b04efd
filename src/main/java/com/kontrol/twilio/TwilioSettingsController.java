package com.kontrol.twilio;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.Messages;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.FieldErrors;
import com.kontrol.web.PublicUrl;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings › Integrations › Twilio (admins only): the page, the account (saved with its checks, or disconnected), the
 * line-type lookups and the checks run again. What the business sends from is {@link SendersSettingsController}'s,
 * the webhook's buttons {@link WebhookSetupController}'s.
 */
@Controller
@RequestMapping("/settings/integrations/twilio")
class TwilioSettingsController {

    private final TwilioAccounts accounts;
    private final PhoneNumbers numbers;
    private final PublicUrl publicUrl;

    private final TwilioSetupAssistant assistant;
    private final SelfTest selfTests;
    private final WebhookRejections rejections;
    private final Messages messages;
    private final LineTypes lineTypes;
    private final Customers customers;
    private final AuditLog audit;
    private final MessagingServices services;
    private final MessagingServiceAssistant serviceAssistant;
    private final BusinessNumbers businessNumbers;

    TwilioSettingsController(
            TwilioAccounts accounts,
            PhoneNumbers numbers,
            PublicUrl publicUrl,
            TwilioSetupAssistant assistant,
            SelfTest selfTests,
            WebhookRejections rejections,
            Messages messages,
            LineTypes lineTypes,
            Customers customers,
            AuditLog audit,
            MessagingServices services,
            MessagingServiceAssistant serviceAssistant,
            BusinessNumbers businessNumbers) {
        this.services = services;
        this.serviceAssistant = serviceAssistant;
        this.businessNumbers = businessNumbers;
        this.lineTypes = lineTypes;
        this.customers = customers;
        this.audit = audit;
        this.assistant = assistant;
        this.selfTests = selfTests;
        this.rejections = rejections;
        this.messages = messages;
        this.accounts = accounts;
        this.numbers = numbers;
        this.publicUrl = publicUrl;
    }

    static final String NO_PUBLIC_URL =
            "Confirm the public URL Kontrol is reached at (the field above) and save it first.";

    @GetMapping
    String page(Model model, HttpServletRequest request) {
        var account = accounts.current();
        var suggested = PublicUrl.seenBy(request);
        model.addAttribute(
                "form",
                account.map(a -> TwilioSettingsForm.of(a, numbers, suggested))
                        .orElseGet(() -> TwilioSettingsForm.blank(suggested)));
        model.addAttribute("errors", new FieldErrors());
        return show(model);
    }

    @PostMapping
    String save(
            @ModelAttribute("form") TwilioSettingsForm form, Model model, Principal user, RedirectAttributes redirect) {
        var stored = accounts.current().map(TwilioAccount::authToken).orElse(null);
        var errors = new FieldErrors();
        var checked = form.check(stored, numbers, !publicUrl.isConfigured(), errors);
        if (!errors.isEmpty()) {
            form.setAuthToken(""); // never echo a token back into the page
            model.addAttribute("errors", errors);
            return show(model);
        }
        // Ask Twilio before switching from the sandbox: a wrong token or number is named now, and changes nothing,
        // rather than showing up as texts failing ten attempts later.
        var candidate = new TwilioAccount(
                checked.accountSid(),
                checked.authToken(),
                checked.phoneNumber(),
                checked.publicUrl(),
                TwilioAccount.Source.SETTINGS_PAGE,
                user.getName(),
                null);
        var webhook = (publicUrl.isConfigured() ? publicUrl.base() : Optional.ofNullable(checked.publicUrl()))
                .map(b -> b + WebhookPaths.INBOUND);
        var verification = assistant.verify(candidate, webhook.orElse(""));
        var refusal = assistant.refusal(verification);
        if (refusal.isPresent()) {
            form.setAuthToken("");
            errors.reject(fieldOf(refusal.get()), "Not saved: " + refusal.get().detail());
            model.addAttribute("errors", errors);
            return show(model);
        }
        var first = accounts.current()
                .filter(a -> a.source() == TwilioAccount.Source.SETTINGS_PAGE)
                .isEmpty();
        accounts.save(
                checked.accountSid(), checked.authToken(), checked.phoneNumber(), checked.publicUrl(), user.getName());
        redirect.addFlashAttribute(
                "notice",
                "Twilio settings saved: Twilio accepted the account and the number. Texts now go through Twilio.");
        redirect.addFlashAttribute("checks", verification.checks());
        if (first && webhook.isPresent() && verification.number().isPresent()) {
            guidedStep(candidate, verification.number().get(), webhook.get(), redirect);
        }
        return "redirect:/settings/integrations/twilio";
    }

    /**
     * After the first save, the rest of the setup in the same step: the number's webhook pointed at Kontrol when it
     * points nowhere (when it points elsewhere, the page asks first), then a self-test through the public URL.
     */
    private void guidedStep(
            TwilioAccount account, TwilioSetupAssistant.Number number, String webhook, RedirectAttributes redirect) {
        var current = number.smsUrl();
        boolean pointsHere = number.postsTo(webhook);
        if (current.isBlank()) {
            var result = assistant.pointWebhookAtKontrol(account, number, webhook);
            redirect.addFlashAttribute("webhookResult", result);
            pointsHere = result.ok();
        } else if (!pointsHere) {
            redirect.addFlashAttribute("confirmReplace", current);
        }
        if (pointsHere) {
            redirect.addFlashAttribute(
                    "selfTest", selfTests.run(webhook, account.authToken(), "+15005550009", account.phoneNumber()));
        }
    }

    /** The form field a refused check is about: the token for the account, the number for its checks. */
    private static String fieldOf(SetupCheck refused) {
        var what = refused.what();
        if (what.startsWith("Phone") || what.startsWith("SMS")) {
            return "phoneNumber";
        }
        return what.startsWith("Account") ? "authToken" : "accountSid";
    }

    /** Forgets the saved account: Kontrol is back on sandbox SMS; every text and thread stays. */
    @PostMapping("/disconnect")
    String disconnect(Principal user, RedirectAttributes redirect) {
        var account = accounts.current();
        if (account.isPresent() && account.get().source() == TwilioAccount.Source.CONFIGURATION) {
            redirect.addFlashAttribute(
                    "setupError",
                    "This account comes from the configuration (kontrol.twilio.*): remove it there and restart to"
                            + " disconnect.");
        } else if (accounts.disconnect(user.getName())) {
            redirect.addFlashAttribute(
                    "notice",
                    accounts.isSetUp()
                            ? "The saved account is forgotten; the one in the configuration (kontrol.twilio.*) is used"
                                    + " now. Every thread is kept."
                            : "Disconnected from Twilio: texts now go to the sandbox Dev Phone. Every thread is kept.");
        }
        return "redirect:/settings/integrations/twilio";
    }

    /** Line-type lookups on or off; switched on, every customer number not looked up yet is looked up once. */
    @PostMapping("/line-types")
    String lineTypes(
            @RequestParam(defaultValue = "false") boolean enabled, Principal user, RedirectAttributes redirect) {
        if (lineTypes.setEnabled(enabled, user.getName())) {
            audit.record(
                    user.getName(),
                    AuditAction.SETTINGS_CHANGED,
                    null,
                    "Line-type lookups (Twilio Lookup, billed per number) switched " + (enabled ? "on" : "off"));
            if (enabled) {
                lineTypes.lookUpLater(customers.allPhones());
            }
        }
        redirect.addFlashAttribute(
                "notice",
                enabled
                        ? "Line-type lookups are on: each customer number is looked up once, in the background."
                        : "Line-type lookups are off. Line types found before stay on customers' pages.");
        return "redirect:/settings/integrations/twilio";
    }

    /** Checks the saved account against Twilio and shows each check with its fix. */
    @PostMapping("/verify")
    String verify(RedirectAttributes redirect) {
        var account = accounts.current();
        if (account.isEmpty()) {
            redirect.addFlashAttribute("setupError", "Save an Account SID, Auth Token and phone number first.");
            return "redirect:/settings/integrations/twilio";
        }
        var webhook = publicUrl.base().map(b -> b + WebhookPaths.INBOUND);
        if (webhook.isEmpty()) {
            redirect.addFlashAttribute("setupError", NO_PUBLIC_URL);
            return "redirect:/settings/integrations/twilio";
        }
        var verification = assistant.verify(account.get(), webhook.get());
        var checks = new ArrayList<>(verification.checks());
        var service = services.current();
        if (verification.number().isEmpty()) {
            // the account or the number failed: the rest cannot be checked yet
        } else if (service.isPresent()) {
            checks.addAll(serviceAssistant.checkService(account.get(), service.get(), webhook.get()));
        } else {
            serviceAssistant.a2pOfNumber(account.get()).ifPresent(checks::add);
        }
        redirect.addFlashAttribute("checks", checks);
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
        model.addAttribute(
                "webhookUrl",
                publicUrl.base().map(b -> b + WebhookPaths.INBOUND).orElse(null));
        model.addAttribute("publicUrlConfigured", publicUrl.isConfigured());
        model.addAttribute("publicUrl", publicUrl.base().orElse(null));
        model.addAttribute("lastReceived", messages.lastReceivedAt().orElse(null));
        model.addAttribute("lineTypesOn", lineTypes.enabled());
        model.addAttribute("messagingService", services.current().orElse(null));
        model.addAttribute("serviceFromConfiguration", services.fromConfiguration());
        model.addAttribute("businessNumbers", businessNumbers.all());
        model.addAttribute("numbers", numbers);
        model.addAttribute(
                "lastRejection",
                rejections
                        .last()
                        .map(r -> r.reason().explanation + " (" + r.at() + "); Kontrol checked the signature against "
                                + r.checkedUrl())
                        .orElse(null));
        return "settings/twilio";
    }
}
