package com.kontrol.messaging.thread;

import com.kontrol.messaging.outbound.Shortcodes;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Communication › Quick replies: the team's (admins change them) and one's own, each a name and a text. */
@Controller
class QuickRepliesController {

    private final QuickReplies quickReplies;
    private final Shortcodes shortcodes;

    QuickRepliesController(QuickReplies quickReplies, Shortcodes shortcodes) {
        this.quickReplies = quickReplies;
        this.shortcodes = shortcodes;
    }

    @GetMapping("/quick-replies")
    String page(HttpServletRequest request, Model model) {
        model.addAttribute(
                "quickReplies",
                quickReplies.visibleTo(request.getUserPrincipal().getName()));
        model.addAttribute("shortcodes", shortcodes.names());
        return "quick-replies";
    }

    @PostMapping("/quick-replies")
    String add(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "true") boolean personal,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        try {
            var added = quickReplies.add(name, body, personal, QuickReplyApiController.who(request));
            redirect.addFlashAttribute(
                    "notice", "Saved \"" + added.name() + "\": type /" + added.name() + " in a reply.");
        } catch (InvalidInputException | ConflictException | AccessDeniedException e) {
            redirect.addFlashAttribute("quickReplyError", e.getMessage());
            redirect.addFlashAttribute("draftName", name);
            redirect.addFlashAttribute("draftBody", body);
        }
        return "redirect:/quick-replies";
    }

    @PostMapping("/quick-replies/{id}")
    String change(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String body,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        try {
            quickReplies.change(id, name, body, QuickReplyApiController.who(request));
            redirect.addFlashAttribute("notice", "Saved \"" + name.strip() + "\".");
        } catch (InvalidInputException | ConflictException | AccessDeniedException e) {
            redirect.addFlashAttribute("quickReplyError", e.getMessage());
        }
        return "redirect:/quick-replies";
    }

    @PostMapping("/quick-replies/{id}/delete")
    String delete(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            quickReplies.delete(id, QuickReplyApiController.who(request));
            redirect.addFlashAttribute("notice", "Deleted.");
        } catch (AccessDeniedException e) {
            redirect.addFlashAttribute("quickReplyError", e.getMessage());
        }
        return "redirect:/quick-replies";
    }
}
