package com.kontrol.security;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the first admin on a database with no user, from {@code kontrol.admin.*} or with a random password that is
 * printed this once (it is stored only as a BCrypt hash).
 */
@Component
@Order(0)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final Users users;
    private final PasswordEncoder encoder;
    private final AdminSettings settings;

    FirstAdmin(Users users, PasswordEncoder encoder, AdminSettings settings) {
        this.users = users;
        this.encoder = encoder;
        this.settings = settings;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        // Even with an admin already there: a copied example file is a mistake to stop at, whatever else it holds.
        ShippedExamples.refuse("kontrol.admin.password", "KONTROL_ADMIN_PASSWORD", settings.password());
        if (!users.isEmpty()) {
            return;
        }
        var given = settings.password() != null && !settings.password().isBlank();
        var password = given ? settings.password() : randomPassword();
        if (given) {
            // The team's rule holds for the first admin too: better no start than an admin anyone can guess.
            PasswordPolicy.problem(password, settings.username()).ifPresent(problem -> {
                throw new IllegalStateException("kontrol.admin.password (KONTROL_ADMIN_PASSWORD) will not do: "
                        + problem + " Choose another, or leave it unset to have one generated and printed.");
            });
        }
        var email = settings.email() == null || settings.email().isBlank()
                ? null
                : settings.email().strip();
        users.add(settings.username(), "Administrator", encoder.encode(password), Role.ADMIN, email, null);
        if (given) {
            log.info(
                    "Created the admin account '{}' with the password from kontrol.admin.password",
                    settings.username());
        } else {
            log.warn(
                    "\n\n    Created the admin account. Log in as:  {}  /  {}\n    (shown only this once)\n",
                    settings.username(),
                    password);
        }
    }

    private static String randomPassword() {
        var bytes = new byte[18]; // 24 characters of base64: far past the policy's length and guessing score
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
