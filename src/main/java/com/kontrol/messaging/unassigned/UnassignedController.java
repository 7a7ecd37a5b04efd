package com.kontrol.messaging.unassigned;

import com.kontrol.customer.Customers;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Communication > Messages: triage texts from unknown numbers: assign, reply, dismiss, block, restore. */
@Controller
@RequestMapping("/communication/messages")
class UnassignedController {

    private final UnassignedNumbers inbox;
    private final Triage triage;
    private final Customers customers;
    private final Outbox outbox;
    private final PhoneNumbers numbers;
    private final LikelyCustomers likelyCustomers;

    UnassignedController(
            UnassignedNumbers inbox,
            Triage triage,
            Customers customers,
            Outbox outbox,
            PhoneNumbers numbers,
            LikelyCustomers likelyCustomers) {
        this.inbox = inbox;
        this.triage = triage;
        this.likelyCustomers = likelyCustomers;
        this.customers = customers;
        this.outbox = outbox;
        this.numbers = numbers;
    }

    /** The team inbox's "Unassigned numbers" view (and its dismissed side); the other views are the team inbox's. */
    @GetMapping(params = {"view=unassigned"})
    String unassigned(@RequestParam(defaultValue = "" + Long.MAX_VALUE) long before, Model model) {
        return inbox("inbox", before, model);
    }

    @GetMapping(params = {"view=dismissed"})
    String dismissed(@RequestParam(defaultValue = "" + Long.MAX_VALUE) long before, Model model) {
        return inbox("dismissed", before, model);
    }

    /** The list alone, as the page asks for it again when an unknown number texts. */
    @GetMapping("/unassigned-list")
    String list(
            @RequestParam(defaultValue = "unassigned") String view,
            @RequestParam(defaultValue = "" + Long.MAX_VALUE) long before,
            Model model) {
        inbox("dismissed".equals(view) ? "dismissed" : "inbox", before, model);
        return "communication/messages :: list";
    }

    private String inbox(String view, long before, Model model) {
        var dismissed = "dismissed".equals(view);
        var conversations = inbox.conversations(dismissed, before, UnassignedNumbers.PAGE);
        model.addAttribute("view", dismissed ? "dismissed" : "inbox");
        model.addAttribute("conversations", conversations);
        model.addAttribute(
                "older",
                conversations.size() == UnassignedNumbers.PAGE
                        ? conversations.get(conversations.size() - 1).lastId()
                        : null);
        model.addAttribute("firstPage", before == Long.MAX_VALUE);
        model.addAttribute("before", before);
        model.addAttribute("numbers", numbers);
        return "communication/messages";
    }

    /** Likely customers for a number, loaded when its conversation scrolls into view. */
    @GetMapping("/{phone}/suggestions")
    String suggestions(@PathVariable String phone, Model model) {
        model.addAttribute("phone", phone);
        model.addAttribute(
                "picks", inbox.conversation(phone).map(likelyCustomers::of).orElse(List.of()));
        model.addAttribute("numbers", numbers);
        return "communication/messages :: suggestions";
    }

    /** Customers matching a search, as buttons that assign the number to them. */
    @GetMapping("/{phone}/customers")
    String pick(@PathVariable String phone, @RequestParam(defaultValue = "") String q, Model model) {
        model.addAttribute("phone", phone);
        model.addAttribute("picks", q.isBlank() ? List.of() : customers.search(q, 8));
        model.addAttribute("numbers", numbers);
        return "communication/messages :: picks";
    }

    @PostMapping("/{phone}/assign")
    String assign(
            @PathVariable String phone, @RequestParam long customerId, Principal user, RedirectAttributes redirect) {
        try {
            var a = triage.assign(phone, customerId, user.getName());
            var name = customers.findById(a.customerId()).map(c -> c.name()).orElse("the customer");
            redirect.addFlashAttribute(
                    "notice", numbers.display(phone) + " is now " + name + "'s: its texts are in their thread.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("inboxError", e.getMessage());
        }
        return "redirect:/communication/messages?view=unassigned";
    }

    @PostMapping("/{phone}/assign-new")
    String assignNew(
            @PathVariable String phone,
            @RequestParam(defaultValue = "") String name,
            Principal user,
            RedirectAttributes redirect) {
        try {
            var a = triage.assignToNewCustomer(phone, name, user.getName());
            redirect.addFlashAttribute(
                    "notice", "Customer " + name.strip() + " created with " + numbers.display(phone) + ".");
            return "redirect:/customers/" + a.customerId() + "/sms";
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("inboxError", e.getMessage());
            return "redirect:/communication/messages?view=unassigned";
        }
    }

    @PostMapping("/{phone}/dismiss")
    String dismiss(
            @PathVariable String phone,
            @RequestParam(defaultValue = "false") boolean block,
            Principal user,
            RedirectAttributes redirect) {
        triage.dismiss(phone, user.getName(), block);
        redirect.addFlashAttribute(
                "notice",
                numbers.display(phone)
                        + (block
                                ? " is blocked: its texts are kept but stay out of the inbox."
                                : " dismissed. A new text from it brings it back."));
        return "redirect:/communication/messages?view=unassigned";
    }

    @PostMapping("/{phone}/restore")
    String restore(@PathVariable String phone, Principal user, RedirectAttributes redirect) {
        triage.restore(phone, user.getName());
        redirect.addFlashAttribute("notice", numbers.display(phone) + " is back in the inbox.");
        return "redirect:/communication/messages?view=dismissed";
    }

    @PostMapping("/{phone}/reply")
    String reply(
            @PathVariable String phone,
            @RequestParam(defaultValue = "") String body,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            var message = outbox.queueToNumber(phone, body, Sender.person(user.getName()));
            if (htmx == null) {
                return "redirect:/communication/messages?view=unassigned";
            }
            model.addAttribute("m", message);
            return "customers/sms :: message(m=${m})";
        } catch (InvalidInputException e) {
            if (htmx == null) {
                redirect.addFlashAttribute("inboxError", e.getMessage());
                return "redirect:/communication/messages?view=unassigned";
            }
            response.setHeader("HX-Retarget", "#reply-error-" + Conversation.keyOf(phone));
            response.setHeader("HX-Reswap", "innerHTML");
            model.addAttribute("sendError", e.getMessage());
            return "customers/sms :: sendError";
        }
    }
}
