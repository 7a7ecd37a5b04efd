package com.kontrol.twilio.sandbox;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.StaffTexts;
import com.kontrol.messaging.inbound.DevPhoneTexts;
import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.twilio.WebhookPaths;
import com.kontrol.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Dev Phone (sandbox only): be any phone number, read what Kontrol texted it, and text Kontrol back. A text
 * typed here is posted, signed, to Kontrol's real inbound webhook, and recorded as typed on the Dev Phone by the
 * signed-in person (the thread and the audit log say who), never as the customer's. On a database that has been
 * connected to Twilio, where the customers are real, it is for admins only and says it is a simulation.
 */
@Controller
@RequestMapping("/dev/phone")
class DevPhoneController {

    private final Sandbox sandbox;
    private final Messages messages;
    private final Customers customers;
    private final PhoneNumbers numbers;
    private final LoopbackWebhooks webhooks;
    private final StaffTexts staffTexts;
    private final DevPhoneTexts devPhoneTexts;
    private final AuditLog audit;
    private final DevPhoneCalls calls;

    DevPhoneController(
            DevPhoneCalls calls,
            Sandbox sandbox,
            Messages messages,
            Customers customers,
            PhoneNumbers numbers,
            LoopbackWebhooks webhooks,
            StaffTexts staffTexts,
            DevPhoneTexts devPhoneTexts,
            AuditLog audit) {
        this.calls = calls;
        this.devPhoneTexts = devPhoneTexts;
        this.audit = audit;
        this.staffTexts = staffTexts;
        this.sandbox = sandbox;
        this.messages = messages;
        this.customers = customers;
        this.numbers = numbers;
        this.webhooks = webhooks;
    }

    @GetMapping
    String phone(@RequestParam(defaultValue = "") String number, HttpServletRequest request, Model model) {
        requireSandbox(request);
        model.addAttribute("simulation", sandbox.simulatesProduction());
        number = normalize(number);
        model.addAttribute("number", number);
        model.addAttribute("businessNumber", Sandbox.NUMBER);
        model.addAttribute(
                "quickPicks",
                customers.search("", 12).stream()
                        .filter(c -> c.primaryPhone().isPresent())
                        .toList());
        model.addAttribute("numbers", numbers);
        if (!number.isBlank()) {
            model.addAttribute("texts", texts(number));
        }
        return "dev/phone";
    }

    /** The conversation alone, for the page to refresh itself. */
    @GetMapping("/thread")
    String thread(@RequestParam String number, HttpServletRequest request, Model model) {
        requireSandbox(request);
        number = normalize(number);
        model.addAttribute("number", number);
        model.addAttribute("texts", texts(number));
        return "dev/phone :: thread";
    }

    /**
     * The number's texts with Kontrol, oldest first. A staff member's phone sends commands that never become a thread
     * ("OMW 20"): they are shown here all the same, between Kontrol's answers.
     */
    private List<Message> texts(String number) {
        var texts = new ArrayList<>(messages.withNumber(number, 100));
        texts.addAll(staffTexts.from(number, 100));
        texts.sort(Comparator.comparing(Message::createdAt));
        return texts;
    }

    @PostMapping
    String text(
            @RequestParam String number,
            @RequestParam(defaultValue = "") String body,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        requireSandbox(request);
        var user = request.getUserPrincipal().getName();
        String from;
        try {
            from = numbers.parse(number).e164();
        } catch (InvalidPhoneNumberException e) {
            redirect.addFlashAttribute("phoneError", e.getMessage());
            return "redirect:/dev/phone";
        }
        if (!body.isBlank()) {
            var sid = "SM" + UUID.randomUUID().toString().replace("-", "");
            devPhoneTexts.typedBy(sid, user);
            audit.record(
                    user,
                    AuditAction.SANDBOX_TEXTED,
                    customers.idsWithPhone(from).stream().findFirst().orElse(null),
                    (sandbox.simulatesProduction() ? "Simulated a text" : "Texted Kontrol") + " from " + from
                            + " on the Dev Phone (" + body.strip().length() + " characters)");
            int status = webhooks.post(
                    WebhookPaths.INBOUND,
                    Map.ofEntries(
                            Map.entry("AccountSid", Sandbox.ACCOUNT_SID),
                            Map.entry("ApiVersion", "2010-04-01"),
                            Map.entry("MessageSid", sid),
                            Map.entry("SmsMessageSid", sid),
                            Map.entry("SmsSid", sid),
                            Map.entry("SmsStatus", "received"),
                            Map.entry("From", from),
                            Map.entry("To", Sandbox.NUMBER),
                            Map.entry("Body", body),
                            Map.entry("NumMedia", "0"),
                            Map.entry("NumSegments", "1")));
            if (status != 200) {
                redirect.addFlashAttribute("phoneError", "Kontrol's webhook answered " + status + ".");
            }
        }
        return "redirect:/dev/phone?number=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
    }

    /**
     * Calls Kontrol as the number, with the office answering, not answering or busy (issue 33): the call, the text back
     * and the conversation show as a real call's would.
     */
    @PostMapping("/call")
    String call(
            @RequestParam String number,
            @RequestParam(defaultValue = "NO_ANSWER") DevPhoneCalls.Office office,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        requireSandbox(request);
        String from;
        try {
            from = numbers.parse(number).e164();
        } catch (InvalidPhoneNumberException e) {
            redirect.addFlashAttribute("phoneError", e.getMessage());
            return "redirect:/dev/phone";
        }
        audit.record(
                request.getUserPrincipal().getName(),
                AuditAction.SANDBOX_TEXTED,
                customers.idsWithPhone(from).stream().findFirst().orElse(null),
                (sandbox.simulatesProduction() ? "Simulated a call" : "Called Kontrol") + " from " + from
                        + " on the Dev Phone (the office: "
                        + office.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        redirect.addFlashAttribute("notice", calls.call(from, office));
        return "redirect:/dev/phone?number=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
    }

    /** The number in E.164 when it is one (a "+" lost in a hand-typed URL, "(415) 555-0134"), else as typed. */
    private String normalize(String number) {
        if (number.isBlank()) {
            return "";
        }
        try {
            return numbers.parse(number).e164();
        } catch (InvalidPhoneNumberException e) {
            return number.strip();
        }
    }

    private void requireSandbox(HttpServletRequest request) {
        if (!sandbox.isActive()) {
            throw new NotFoundException("The Dev Phone is off: a Twilio account is connected.");
        }
        if (!sandbox.devPhoneFor(request.isUserInRole("ADMIN"))) {
            throw new AccessDeniedException(
                    "This database has been connected to Twilio: its customers are real people, so only an admin may"
                            + " simulate their texts on the Dev Phone.");
        }
    }
}
