package com.kontrol.security;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks a username and password (the login form and HTTP Basic alike) under the {@link LoginThrottle}. Every refusal
 * looks and takes the same: an unknown username, a wrong password and a throttled client all get "Bad credentials"
 * after one password hash, so nobody can tell which usernames exist or which are throttled. Only a username longer
 * than any account can have is refused at once.
 */
@Component
class ThrottledLogin implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final Users users;
    private final LoginThrottle throttle;
    private final PasswordEncoder encoder;
    private final String unusable;

    ThrottledLogin(StaffDetailsService staff, PasswordEncoder encoder, Users users, LoginThrottle throttle) {
        this.passwords = new DaoAuthenticationProvider(staff);
        this.passwords.setPasswordEncoder(encoder);
        this.users = users;
        this.throttle = throttle;
        this.encoder = encoder;
        this.unusable = encoder.encode("no password matches this hash " + System.nanoTime());
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        var client = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        var typed = attempt.getName();
        if (typed == null || typed.length() > LoginThrottle.MAX_USERNAME) {
            // No account has such a name, as anyone can know: refused at once, without the cost of a hash.
            throttle.failed(null, client);
            throw new BadCredentialsException("Bad credentials");
        }
        var account = account(typed);
        if (throttle.isBlocked(account.orElse(null), client)) {
            encoder.matches(String.valueOf(attempt.getCredentials()), unusable); // as long as a real check
            throw new BadCredentialsException("Bad credentials");
        }
        try {
            var result = passwords.authenticate(attempt);
            throttle.succeeded(account.orElseThrow(), client);
            return result;
        } catch (AuthenticationException e) {
            throttle.failed(account.orElse(null), client);
            throw e;
        }
    }

    /** The account's stored name (the database compares case-insensitively), if such an account exists. */
    private Optional<String> account(String typed) {
        return typed.isEmpty() ? Optional.empty() : users.findByUsername(typed).map(UserAccount::username);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
