package com.kontrol.security;

import java.time.OffsetDateTime;

/**
 * A staff member who logs in to Kontrol. {@code sessionEpoch} goes up whenever their sessions must end (disabled,
 * password changed or reset). {@code mobile} counts as a staff phone only while {@code mobileVerified}.
 */
public record UserAccount(
        long id,
        String username,
        String displayName,
        String passwordHash,
        Role role,
        boolean enabled,
        String email,
        String mobile,
        boolean mobileVerified,
        int sessionEpoch,
        OffsetDateTime createdAt) {}
