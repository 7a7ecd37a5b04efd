package com.kontrol.security;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.DisabledException;
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
        if (failure instanceof DisabledException disabled) {
            model.addAttribute("loginError", disabled.getMessage()); // only ever shown for the right password
        } else if (failure != null) {
            // The same words whatever went wrong, so that the page tells nobody which usernames exist.
            model.addAttribute(
                    "loginError",
                    "Wrong username or password. After " + LoginThrottle.PAIR_FAILURES
                            + " wrong attempts, logging in from here waits " + LoginThrottle.LOCK.toMinutes()
                            + " minutes.");
        }
        session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        return "login";
    }
}
