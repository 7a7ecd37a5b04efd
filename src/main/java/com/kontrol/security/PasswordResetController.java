package com.kontrol.security;

import com.kontrol.web.FieldErrors;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The page a one-time reset link opens (no login): choose a new password, once. */
@Controller
@RequestMapping("/password-reset/{token}")
class PasswordResetController {

    private final Team team;

    PasswordResetController(Team team) {
        this.team = team;
    }

    @GetMapping
    String form(@PathVariable String token, Model model, HttpServletResponse response) {
        var account = team.resetFor(token);
        if (account.isEmpty()) {
            return expired(model, response);
        }
        model.addAttribute("username", account.get().username());
        model.addAttribute("token", token);
        model.addAttribute("errors", new FieldErrors());
        return "password-reset";
    }

    @PostMapping
    String reset(
            @PathVariable String token,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String repeated,
            Model model,
            HttpServletResponse response) {
        var account = team.resetFor(token);
        if (account.isEmpty()) {
            return expired(model, response);
        }
        var errors = new FieldErrors();
        team.completeReset(token, password, repeated, errors);
        if (errors.isEmpty()) {
            return "redirect:/login?reset";
        }
        model.addAttribute("username", account.get().username());
        model.addAttribute("token", token);
        model.addAttribute("errors", errors);
        return "password-reset";
    }

    private static String expired(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_GONE);
        model.addAttribute("expired", true);
        model.addAttribute("errors", new FieldErrors());
        return "password-reset";
    }
}
