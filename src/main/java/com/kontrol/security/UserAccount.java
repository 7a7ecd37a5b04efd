package com.kontrol.security;

import java.time.OffsetDateTime;

/** A staff member who logs in to Kontrol. */
public record UserAccount(
        long id, String username, String displayName, String passwordHash, Role role, OffsetDateTime createdAt) {}
