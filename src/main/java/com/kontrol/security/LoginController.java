package com.kontrol.security;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page, with a message that says why the last attempt failed. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login(HttpSession session, Model model) {
        var failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (failure instanceof LockedException) {
            model.addAttribute(
                    "loginError",
                    "Too many failed attempts: this account is locked for " + LoginThrottle.LOCK.toMinutes()
                            + " minutes.");
        } else if (failure != null) {
            model.addAttribute("loginError", "Wrong username or password.");
        }
        session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        return "login";
    }
}
