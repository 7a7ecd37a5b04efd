package com.kontrol.security;

import java.util.Locale;
import java.util.Set;

/**
 * The secrets' example values that ship with Kontrol (deploy/kontrol.env, compose.yaml, the README): anyone can read
 * them, so a setting that still holds one (or anything with "change-me" in it) stops Kontrol at start, naming the
 * setting, rather than run with a publicly known admin password, key or token.
 */
final class ShippedExamples {

    // Every example value of a secret setting the repository has ever shipped; ShippedExamplesTests keeps the files
    // and this list in step.
    static final Set<String> VALUES = Set.of(
            "change-me-to-a-long-random-passphrase-shared-by-all",
            "change-me-to-a-strong-password",
            "change-me-to-a-random-token",
            "a long random passphrase shared by every instance");

    private ShippedExamples() {}

    /** Whether {@code value} is one of the shipped examples or a placeholder. */
    static boolean isExample(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        var v = value.strip();
        return VALUES.contains(v) || v.toLowerCase(Locale.ROOT).contains("change-me");
    }

    /** Refuses to go on with an example value in {@code setting} ({@code env}: its environment variable). */
    static void refuse(String setting, String env, String value) {
        if (isExample(value)) {
            throw new IllegalStateException(setting + " (" + env + ") is an example value that ships with Kontrol"
                    + " and that anyone can read: set a value of your own, or leave it empty to have one generated.");
        }
    }
}
