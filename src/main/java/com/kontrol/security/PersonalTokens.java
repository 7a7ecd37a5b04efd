package com.kontrol.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Personal access tokens for the API. A token is 32 random bytes, shown once; only its SHA-256 is stored (a slow hash
 * protects guessable passwords, and a random 256-bit token needs none).
 */
@Repository
class PersonalTokens {

    static final String PREFIX = "kontrol_";
    /** How stale the "last used" time may get: a busy integration does not write on every call. */
    static final Duration LAST_USED_STEP = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PersonalTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new token for the account; its text is returned this once and never stored. */
    String create(long userId, String name) {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                        insert into api_tokens (user_id, name, token_hash, created_at)
                        values (:userId, :name, :hash, :now)
                        """)
                .param("userId", userId)
                .param("name", name)
                .param("hash", hash(token))
                .param("now", OffsetDateTime.now(clock))
                .update();
        return token;
    }

    List<ApiToken> of(long userId) {
        return jdbc.sql("""
                        select id, name, created_at, last_used_at, revoked_at from api_tokens
                        where user_id = :userId order by id desc
                        """).param("userId", userId).query(PersonalTokens::map).list();
    }

    Optional<ApiToken> find(long userId, long tokenId) {
        return jdbc.sql("select id, name, created_at, last_used_at, revoked_at from api_tokens"
                        + " where user_id = :userId and id = :id")
                .param("userId", userId)
                .param("id", tokenId)
                .query(PersonalTokens::map)
                .optional();
    }

    boolean revoke(long userId, long tokenId) {
        return jdbc.sql("update api_tokens set revoked_at = :now"
                                + " where id = :id and user_id = :userId and revoked_at is null")
                        .param("id", tokenId)
                        .param("userId", userId)
                        .param("now", OffsetDateTime.now(clock))
                        .update()
                == 1;
    }

    /** The account id a live token belongs to, noting the use (at most once a {@link #LAST_USED_STEP}). */
    Optional<Long> owner(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        var hash = hash(token);
        var owner = jdbc.sql("select user_id from api_tokens where token_hash = :hash and revoked_at is null")
                .param("hash", hash)
                .query(Long.class)
                .optional();
        if (owner.isPresent()) {
            var now = OffsetDateTime.now(clock);
            jdbc.sql("""
                            update api_tokens set last_used_at = :now
                            where token_hash = :hash and (last_used_at is null or last_used_at < :stale)
                            """)
                    .param("hash", hash)
                    .param("now", now)
                    .param("stale", now.minus(LAST_USED_STEP))
                    .update();
        }
        return owner;
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiToken map(ResultSet rs, int row) throws SQLException {
        return new ApiToken(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("last_used_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class));
    }
}
