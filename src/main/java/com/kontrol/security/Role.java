package com.kontrol.security;

import java.util.Locale;

/**
 * What an account may do, each role including the one below it: admins also manage settings, the team and the audit
 * log; staff text customers and work the inbox; read-only accounts see everything and change nothing.
 */
public enum Role {
    ADMIN("Admin"),
    STAFF("Staff"),
    VIEWER("Read only");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code admin}, {@code staff}, {@code viewer}: the API's spelling. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role from the API's or a form's spelling, either case; null when there is no such role. */
    static Role parse(String value) {
        if (value == null) {
            return null;
        }
        for (var role : values()) {
            if (role.name().equalsIgnoreCase(value.strip())) {
                return role;
            }
        }
        return null;
    }
}
