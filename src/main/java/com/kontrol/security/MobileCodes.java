package com.kontrol.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The codes that prove a mobile set on one's own profile is one's own: six digits texted to it, valid for {@link
 * #VALID}, {@link #TRIES} tries, one code per account at a time; only a hash of it is kept.
 */
@Repository
class MobileCodes {

    static final Duration VALID = Duration.ofMinutes(10);
    static final int TRIES = 5;
    /** A new code at most this often: each one is a text, and texts are not free. */
    static final Duration AGAIN_AFTER = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    MobileCodes(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What typing a code gave. {@code mobile}: the number it was texted to; {@code triesLeft} after a wrong one. */
    record Check(Result result, String mobile, int triesLeft) {}

    enum Result {
        MATCHED,
        WRONG,
        EXPIRED,
        NO_TRIES_LEFT,
        NONE
    }

    /** A new code for the mobile, replacing any earlier one; the caller texts it. */
    String issue(long userId, String mobile) {
        var code = String.format("%06d", random.nextInt(1_000_000));
        var now = OffsetDateTime.now(clock);
        clear(userId);
        jdbc.sql("""
                        insert into mobile_codes (user_id, mobile, code_hash, sent_at, expires_at)
                        values (:userId, :mobile, :hash, :now, :expires)
                        """)
                .param("userId", userId)
                .param("mobile", mobile)
                .param("hash", hash(userId, mobile, code))
                .param("now", now)
                .param("expires", now.plus(VALID))
                .update();
        return code;
    }

    /** When the account may ask for another code, if that is not yet. */
    Optional<OffsetDateTime> nextAllowed(long userId) {
        var now = OffsetDateTime.now(clock);
        return jdbc.sql("select sent_at from mobile_codes where user_id = :userId")
                .param("userId", userId)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).plus(AGAIN_AFTER))
                .optional()
                .filter(next -> next.isAfter(now));
    }

    /** Checks a typed code; a wrong one uses up a try, a right one uses up the code. */
    Check check(long userId, String typed) {
        var row = jdbc.sql("select mobile, code_hash, expires_at, tries from mobile_codes where user_id = :userId")
                .param("userId", userId)
                .query((rs, n) ->
                        new Row(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getInt(4)))
                .optional();
        if (row.isEmpty()) {
            return new Check(Result.NONE, null, 0);
        }
        var mobile = row.get().mobile();
        var hash = row.get().hash();
        var expires = row.get().expires();
        int tries = row.get().tries();
        if (!expires.isAfter(OffsetDateTime.now(clock))) {
            return new Check(Result.EXPIRED, mobile, 0);
        }
        if (tries >= TRIES) {
            return new Check(Result.NO_TRIES_LEFT, mobile, 0);
        }
        var code = typed == null ? "" : typed.replaceAll("\\s", "");
        if (code.matches("[0-9]{6}") && hash(userId, mobile, code).equals(hash)) {
            clear(userId);
            return new Check(Result.MATCHED, mobile, TRIES - tries);
        }
        jdbc.sql("update mobile_codes set tries = tries + 1 where user_id = :userId")
                .param("userId", userId)
                .update();
        return new Check(tries + 1 >= TRIES ? Result.NO_TRIES_LEFT : Result.WRONG, mobile, TRIES - tries - 1);
    }

    private record Row(String mobile, String hash, OffsetDateTime expires, int tries) {}

    void clear(long userId) {
        jdbc.sql("delete from mobile_codes where user_id = :userId")
                .param("userId", userId)
                .update();
    }

    private static String hash(long userId, String mobile, String code) {
        return PersonalTokens.hash(userId + ":" + mobile + ":" + code);
    }
}
