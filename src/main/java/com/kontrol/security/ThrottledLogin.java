package com.kontrol.security;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks a username and password (the login form and HTTP Basic alike) under the {@link LoginThrottle}: one lookup of
 * the account, one of the throttle, one password hash. Every refusal looks and takes the same: an unknown username, a
 * wrong password and a throttled client all get "Bad credentials" after that one hash, so nobody can tell which
 * usernames exist or which are throttled. Only a username longer than any account can have is refused at once.
 */
@Component
class ThrottledLogin implements AuthenticationProvider {

    private final Users users;
    private final LoginThrottle throttle;
    private final PasswordEncoder encoder;
    private final String unusable;
    private final AuditLog audit;

    ThrottledLogin(PasswordEncoder encoder, Users users, LoginThrottle throttle, AuditLog audit) {
        this.audit = audit;
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
        // The database compares names case-insensitively; the throttle counts under the stored name.
        var account = typed.isEmpty() ? null : users.findByUsername(typed).orElse(null);
        var name = account == null ? null : account.username();
        var standing = throttle.standing(name, client);
        var password =
                attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        var matches = encoder.matches(password, account == null ? unusable : account.passwordHash());
        if (standing.blocked() || account == null || !matches) {
            if (!standing.blocked()) {
                throttle.failed(name, client);
                if (account != null) {
                    // Only an existing account's counted failures: bounded by the throttle, never by typed names.
                    audit.record(account.username(), AuditAction.LOGIN_FAILED, null, "Wrong password" + from(client));
                }
            }
            throw new BadCredentialsException("Bad credentials");
        }
        if (!account.enabled()) {
            // The right password: telling its owner the account is disabled tells nobody else anything.
            audit.record(account.username(), AuditAction.LOGIN_FAILED, null, "Account disabled" + from(client));
            throw new DisabledException("This account is disabled; an admin can enable it again.");
        }
        if (standing.failuresCounted()) {
            throttle.succeeded(name, client);
        }
        var user = new KontrolUser(account);
        var result = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        result.setDetails(attempt.getDetails());
        return result;
    }

    private static String from(String client) {
        return client == null ? "" : " from " + client;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
