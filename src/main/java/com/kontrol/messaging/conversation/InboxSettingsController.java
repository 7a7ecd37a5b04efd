package com.kontrol.messaging.conversation;

import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings › Inbox (admins): whether a bare "ok" or "thanks" reopens an answered conversation, and which words. */
@Controller
@RequestMapping("/settings/inbox")
class InboxSettingsController {

    private final Acknowledgements acknowledgements;

    InboxSettingsController(Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    @GetMapping
    String page(Model model) {
        var setting = acknowledgements.current();
        model.addAttribute("setting", setting);
        if (!model.containsAttribute("words")) {
            model.addAttribute("words", String.join("\n", setting.words()));
        }
        return "settings/inbox";
    }

    @PostMapping
    String save(
            @RequestParam(defaultValue = "false") boolean quiet,
            @RequestParam(defaultValue = "") String words,
            Principal user,
            RedirectAttributes redirect) {
        try {
            acknowledgements.save(quiet, words, user.getName());
            redirect.addFlashAttribute("notice", "Inbox settings saved.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("settingsError", e.getMessage());
            redirect.addFlashAttribute("words", words); // what was typed, not lost
        }
        return "redirect:/settings/inbox";
    }
}
