package com.kontrol.security;

import com.kontrol.web.FieldErrors;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Your profile (from your name in the header): your details, your password, your API tokens. */
@Controller
@RequestMapping("/profile")
class ProfileController {

    private final Team team;
    private final StaffMobiles mobiles;
    private final PersonalTokens tokens;
    private final TokenAudit tokenAudit;

    ProfileController(Team team, StaffMobiles mobiles, PersonalTokens tokens, TokenAudit tokenAudit) {
        this.team = team;
        this.mobiles = mobiles;
        this.tokens = tokens;
        this.tokenAudit = tokenAudit;
    }

    @GetMapping
    String profile(Principal me, Model model) {
        var account = team.get(me.getName());
        model.addAttribute("me", account);
        if (!model.containsAttribute("person")) {
            model.addAttribute("person", PersonForm.of(account));
        }
        model.addAttribute("tokens", tokens.of(account.id()));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", new FieldErrors());
        }
        return "profile";
    }

    @PostMapping
    String details(
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String mobile,
            Principal me,
            Model model,
            RedirectAttributes redirect) {
        var errors = new FieldErrors();
        var before = team.get(me.getName());
        try {
            var after = team.change(
                    me.getName(), me.getName(), new Team.Change(displayName, null, null, email, mobile), errors);
            if (errors.isEmpty()) {
                var texted =
                        after.mobile() != null && !after.mobile().equals(before.mobile()) && !after.mobileVerified();
                redirect.addFlashAttribute(
                        "notice",
                        texted ? "Saved. We texted a code to " + after.mobile() + ": type it below." : "Saved.");
                return "redirect:/profile";
            }
        } catch (InvalidInputException e) { // the code could not be texted: nothing was saved
            errors.reject("mobile", "Not saved: " + e.getMessage());
        }
        model.addAttribute("errors", errors);
        model.addAttribute("person", new PersonForm(displayName, email, mobile));
        return profile(me, model);
    }

    @PostMapping("/mobile/verify")
    String verifyMobile(@RequestParam(defaultValue = "") String code, Principal me, RedirectAttributes redirect) {
        try {
            mobiles.verify(me.getName(), code);
            redirect.addFlashAttribute("notice", "Your mobile is verified: texts from it are commands for Kontrol.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("mobileError", e.getMessage());
        }
        return "redirect:/profile";
    }

    @PostMapping("/mobile/code")
    String newCode(Principal me, RedirectAttributes redirect) {
        try {
            mobiles.textNewCode(me.getName());
            redirect.addFlashAttribute("notice", "We texted a new code.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("mobileError", e.getMessage());
        }
        return "redirect:/profile";
    }

    @PostMapping("/password")
    String password(
            @RequestParam(defaultValue = "") String current,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String repeated,
            Principal me,
            Model model) {
        var errors = new FieldErrors();
        team.changeOwnPassword(me.getName(), current, password, repeated, errors);
        if (errors.isEmpty()) {
            return "redirect:/login?reset"; // this session ended with the old password
        }
        model.addAttribute("errors", errors);
        return profile(me, model);
    }

    @PostMapping("/tokens")
    String newToken(@RequestParam(defaultValue = "") String name, Principal me, Model model) {
        var errors = new FieldErrors();
        var label = name.strip();
        if (label.isEmpty() || label.length() > 100) {
            errors.reject("tokenName", "Name the token after what will use it (at most 100 characters).");
            model.addAttribute("errors", errors);
            return profile(me, model);
        }
        model.addAttribute("newToken", tokenAudit.create(team.get(me.getName()), label));
        model.addAttribute("newTokenName", label);
        return profile(me, model);
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable long id, Principal me, RedirectAttributes redirect) {
        var revoked = tokenAudit.revoke(team.get(me.getName()), id);
        redirect.addFlashAttribute("notice", revoked ? "Token revoked: it no longer works." : "Already revoked.");
        return "redirect:/profile";
    }
}
