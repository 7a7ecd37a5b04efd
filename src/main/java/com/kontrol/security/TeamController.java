package com.kontrol.security;

import com.kontrol.web.FieldErrors;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings > Team (admins): the staff accounts, and a form to add one. */
@Controller
@RequestMapping("/settings/team")
class TeamController {

    static final int MIN_PASSWORD = 12;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,50}");

    private final Users users;
    private final PasswordEncoder encoder;

    TeamController(Users users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    @GetMapping
    String team(Model model) {
        model.addAttribute("users", users.all());
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
            Model model,
            RedirectAttributes redirect) {
        var errors = new FieldErrors();
        var name = username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            errors.reject("username", "2 to 50 lower-case letters, digits, dots, dashes or underscores.");
        } else if (users.findByUsername(name).isPresent()) {
            errors.reject("username", "There is already an account \"" + name + "\".");
        }
        if (displayName.isBlank() || displayName.strip().length() > 200) {
            errors.reject("displayName", "Enter the person's name (at most 200 characters).");
        }
        if (password.length() < MIN_PASSWORD) {
            errors.reject("password", "At least " + MIN_PASSWORD + " characters.");
        }
        Role chosen;
        try {
            chosen = Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            chosen = Role.STAFF;
        }
        if (errors.isEmpty()) {
            try {
                users.add(name, displayName.strip(), encoder.encode(password), chosen);
                redirect.addFlashAttribute(
                        "notice",
                        "Account \"" + name + "\" created (" + chosen.name().toLowerCase(Locale.ROOT) + ").");
                return "redirect:/settings/team";
            } catch (DuplicateKeyException e) {
                errors.reject("username", "There is already an account \"" + name + "\".");
            }
        }
        model.addAttribute("errors", errors);
        model.addAttribute("username", username);
        model.addAttribute("displayName", displayName);
        model.addAttribute("users", users.all());
        return "settings/team";
    }
}
