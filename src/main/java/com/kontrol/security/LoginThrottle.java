package com.kontrol.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Locks an account for a while after repeated wrong passwords, so that guessing a password over the login form or
 * HTTP Basic takes years rather than minutes. Counts live in memory: a restart forgives, which is acceptable.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);

    private record Failures(int count, Instant lockedUntil) {}

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    boolean isLocked(String username) {
        var entry = failures.get(key(username));
        return entry != null && entry.lockedUntil() != null && clock.instant().isBefore(entry.lockedUntil());
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        var username = event.getAuthentication().getName();
        var now = clock.instant();
        var entry = failures.compute(key(username), (k, old) -> {
            if (old != null && old.lockedUntil() != null && now.isAfter(old.lockedUntil())) {
                old = null; // the lock has run out: start counting afresh
            }
            int count = old == null ? 1 : old.count() + 1;
            return new Failures(count, count >= MAX_FAILURES ? now.plus(LOCK) : null);
        });
        if (entry.count() == MAX_FAILURES) {
            log.warn(
                    "Login locked for {} minutes after {} failed attempts: {}",
                    LOCK.toMinutes(),
                    MAX_FAILURES,
                    username);
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        failures.remove(key(event.getAuthentication().getName()));
    }

    private static String key(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
