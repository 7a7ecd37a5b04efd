package com.kontrol.security;

import java.time.OffsetDateTime;

/** A personal access token as its owner's profile lists it (never its text, which was shown once). */
public record ApiToken(
        long id, String name, OffsetDateTime createdAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
