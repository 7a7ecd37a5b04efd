package com.kontrol.security;

import com.kontrol.web.ConflictException;
import com.kontrol.web.FieldErrors;
import com.kontrol.web.PublicUrl;
import java.security.Principal;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Settings › Team (admins): the accounts, one to add, and each one's page to change, disable, reset or delete. */
@Controller
@RequestMapping("/settings/team")
class TeamController {

    private final Users users;
    private final Team team;

    private final PublicUrl publicUrl;

    TeamController(Users users, Team team, PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
        this.users = users;
        this.team = team;
    }

    @GetMapping
    String team(Model model) {
        model.addAttribute("users", users.all());
        model.addAttribute("roles", Role.values());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", new FieldErrors());
        }
        return "settings/team";
    }

    @PostMapping
    String add(
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "STAFF") String role,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String mobile,
            Principal by,
            Model model,
            RedirectAttributes redirect) {
        var errors = new FieldErrors();
        var account = team.add(by.getName(), username, displayName, Role.parse(role), password, email, mobile, errors);
        if (account != null) {
            redirect.addFlashAttribute(
                    "notice",
                    "Account \"" + account.username() + "\" created ("
                            + account.role().label().toLowerCase(Locale.ROOT) + ").");
            return "redirect:/settings/team";
        }
        model.addAttribute("errors", errors);
        model.addAttribute("username", username);
        model.addAttribute("displayName", displayName);
        model.addAttribute("email", email);
        model.addAttribute("mobile", mobile);
        model.addAttribute("role", role);
        return team(model);
    }

    @GetMapping("/{username}")
    String member(@PathVariable String username, Model model) {
        var member = team.get(username);
        model.addAttribute("member", member);
        if (!model.containsAttribute("person")) {
            model.addAttribute("person", PersonForm.of(member));
        }
        model.addAttribute("roles", Role.values());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", new FieldErrors());
        }
        return "settings/team-member";
    }

    @PostMapping("/{username}")
    String save(
            @PathVariable String username,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String role,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String mobile,
            Principal by,
            Model model,
            RedirectAttributes redirect) {
        var errors = new FieldErrors();
        var chosen = Role.parse(role);
        try {
            team.change(by.getName(), username, new Team.Change(displayName, chosen, null, email, mobile), errors);
        } catch (ConflictException e) {
            errors.reject("role", e.getMessage());
        }
        if (errors.isEmpty()) {
            redirect.addFlashAttribute("notice", "Saved.");
            return "redirect:/settings/team/" + username;
        }
        model.addAttribute("errors", errors);
        model.addAttribute("person", new PersonForm(displayName, email, mobile));
        return member(username, model);
    }

    @PostMapping("/{username}/enabled")
    String enabled(
            @PathVariable String username, @RequestParam boolean enabled, Principal by, RedirectAttributes redirect) {
        var errors = new FieldErrors();
        try {
            team.change(by.getName(), username, new Team.Change(null, null, enabled, null, null), errors);
            redirect.addFlashAttribute(
                    "notice",
                    enabled
                            ? username + " can log in again."
                            : username + " is disabled: their sessions and open pages have ended.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/settings/team/" + username;
    }

    @PostMapping("/{username}/reset-link")
    String resetLink(@PathVariable String username, Principal by, RedirectAttributes redirect) {
        var token = team.resetLink(by.getName(), username);
        // Shown only to the admin who asked, never texted or stored: under the public URL when there is one, else
        // on the address the admin is using.
        var base = publicUrl
                .base()
                .orElseGet(() ->
                        ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
        redirect.addFlashAttribute("resetLink", base + "/password-reset/" + token);
        return "redirect:/settings/team/" + username;
    }

    @PostMapping("/{username}/delete")
    String delete(@PathVariable String username, Principal by, RedirectAttributes redirect) {
        try {
            team.delete(by.getName(), username);
            redirect.addFlashAttribute("notice", "Account \"" + username + "\" deleted.");
            return "redirect:/settings/team";
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
            return "redirect:/settings/team/" + username;
        }
    }
}
