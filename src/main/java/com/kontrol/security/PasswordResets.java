package com.kontrol.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One-time links to set a new password: random, stored only as a hash, valid for {@link #VALID} and used once. */
@Repository
class PasswordResets {

    static final Duration VALID = Duration.ofHours(24);

    record Reset(long userId, String createdBy) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PasswordResets(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new link's token for the account (earlier unused links of it stop working). */
    String create(long userId, String by) {
        var now = OffsetDateTime.now(clock);
        jdbc.sql("update password_resets set used_at = :now where user_id = :userId and used_at is null")
                .param("userId", userId)
                .param("now", now)
                .update();
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                        insert into password_resets (token_hash, user_id, created_by, created_at, expires_at)
                        values (:hash, :userId, :by, :now, :expires)
                        """)
                .param("hash", PersonalTokens.hash(token))
                .param("userId", userId)
                .param("by", by)
                .param("now", now)
                .param("expires", now.plus(VALID))
                .update();
        return token;
    }

    /** The reset a token stands for, while it is unused and unexpired. */
    Optional<Reset> usable(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select user_id, created_by from password_resets
                        where token_hash = :hash and used_at is null and expires_at > :now
                        """)
                .param("hash", PersonalTokens.hash(token))
                .param("now", OffsetDateTime.now(clock))
                .query((rs, row) -> new Reset(rs.getLong("user_id"), rs.getString("created_by")))
                .optional();
    }

    /** Uses the link up; false when it was used (or expired) meanwhile, by a second tab say. */
    boolean use(String token) {
        var now = OffsetDateTime.now(clock);
        return jdbc.sql("""
                                update password_resets set used_at = :now
                                where token_hash = :hash and used_at is null and expires_at > :now
                                """)
                        .param("hash", PersonalTokens.hash(token))
                        .param("now", now)
                        .update()
                == 1;
    }
}
