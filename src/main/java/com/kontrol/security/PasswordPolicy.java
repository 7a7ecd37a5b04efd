package com.kontrol.security;

import java.util.Locale;
import java.util.Optional;
import me.gosimple.nbvcxz.Nbvcxz;

/**
 * The rule for every password, the first admin's included: at least {@link #MIN_LENGTH} characters, and not easy to
 * guess as nbvcxz (a maintained port of Dropbox's zxcvbn, with its lists of common passwords, names and words) scores
 * it, nor built on the account's own username.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 200;
    /** nbvcxz's score out of 4; 3 is "safely unguessable" against an online attack and slows an offline one. */
    static final int MIN_SCORE = 3;

    private PasswordPolicy() {}

    /** Its dictionaries take some 30 MB: loaded once for the process, when the first password is checked. */
    private static final class Estimator {
        static final Nbvcxz INSTANCE = new Nbvcxz();
    }

    /** What is wrong with {@code password} for the account {@code username}, or empty when it will do. */
    static Optional<String> problem(String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("At least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("At most " + MAX_LENGTH + " characters.");
        }
        if (username != null
                && username.length() >= 3
                && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("Not the username, nor a password built on it.");
        }
        var estimate = Estimator.INSTANCE.estimate(password);
        if (estimate.getBasicScore() < MIN_SCORE) {
            var warning = estimate.getFeedback().getWarning();
            return Optional.of("Too easy to guess"
                    + (warning == null || warning.isBlank()
                            ? ""
                            : " (" + warning.strip().replaceAll("\\.$", "") + ")")
                    + ": add a few uncommon words.");
        }
        return Optional.empty();
    }
}
