package com.kontrol.integration;

import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings › Integrations › Webhooks: subscriptions, their secrets, and the delivery log (admins only). */
@Controller
@RequestMapping("/settings/integrations/webhooks")
class WebhooksController {

    static final int LOG_LINES = 50;

    private final WebhookDesk desk;
    private final Subscriptions subscriptions;
    private final Deliveries deliveries;

    WebhooksController(WebhookDesk desk, Subscriptions subscriptions, Deliveries deliveries) {
        this.desk = desk;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("subscriptions", subscriptions.all());
        model.addAttribute("events", WebhookEvent.values());
        model.addAttribute("deliveries", deliveries.latest(LOG_LINES));
        if (!model.containsAttribute("url")) {
            model.addAttribute("url", "");
            model.addAttribute("chosen", List.of(WebhookEvent.MESSAGE_RECEIVED.type()));
        }
        return "settings/webhooks";
    }

    @PostMapping
    String subscribe(
            @RequestParam(defaultValue = "") String url,
            @RequestParam(name = "event", defaultValue = "") List<String> events,
            Principal user,
            RedirectAttributes redirect) {
        var chosen = events.stream().filter(e -> !e.isBlank()).toList();
        try {
            var created = desk.subscribe(url, chosen, user.getName());
            redirect.addFlashAttribute("secretFor", created.id());
            redirect.addFlashAttribute("secret", created.secret());
            redirect.addFlashAttribute("notice", "Subscribed. Copy the signing secret now: it is not shown again.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("webhookError", e.getMessage());
            redirect.addFlashAttribute("url", url); // what was typed, not lost
            redirect.addFlashAttribute("chosen", chosen);
        }
        return "redirect:/settings/integrations/webhooks";
    }

    @PostMapping("/{id}/rotate")
    String rotate(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        redirect.addFlashAttribute("secretFor", id);
        redirect.addFlashAttribute("secret", desk.rotate(id, user.getName()));
        redirect.addFlashAttribute(
                "notice", "New secret made. Deliveries carry both signatures for 24 hours: switch the receiver to it.");
        return "redirect:/settings/integrations/webhooks";
    }

    @PostMapping("/{id}/delete")
    String remove(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        desk.remove(id, user.getName());
        redirect.addFlashAttribute("notice", "Webhook removed; its queued deliveries are dropped.");
        return "redirect:/settings/integrations/webhooks";
    }

    @PostMapping("/deliveries/{id}/send-again")
    String sendAgain(@PathVariable long id, RedirectAttributes redirect) {
        try {
            desk.sendAgain(id);
            redirect.addFlashAttribute("notice", "Sending it again, with the same webhook-id.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("webhookError", e.getMessage());
        }
        return "redirect:/settings/integrations/webhooks";
    }
}
