package com.kontrol.security;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing without handing anyone a way to lock staff out. Failures count per (account, client
 * address): five lock that pair for 15 minutes, so a guesser locks out only themselves. Twenty from one address, to any
 * usernames, lock the address (password spraying). Twenty to one account from anywhere pause that account for a
 * minute, which keeps guessing from many addresses slow and never locks its owner out for long. The counts live in the
 * database, so every instance applies them, and only existing accounts get counts of their own: random usernames cost
 * one row per address, not one per name.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    static final int MAX_USERNAME = 100;
    static final int PAIR_FAILURES = 5;
    static final int ADDRESS_FAILURES = 20;
    static final int ACCOUNT_FAILURES = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);
    static final Duration ACCOUNT_PAUSE = Duration.ofMinutes(1);
    private static final String ANY = "";
    private static final int MAX_CLIENT = 64;

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Where a client stands with an account: throttled, and whether failures of the pair are counted. */
    record Standing(boolean blocked, boolean failuresCounted) {}

    // One statement: the pair's row, the account's from anywhere, the address's across usernames.
    private static final String STANDING = """
            select coalesce(max(case when locked_until > :now then 1 else 0 end), 0) as blocked,
                   coalesce(max(case when username = :account and client = :client then 1 else 0 end), 0) as counted
            from login_failures
            where (username = :account and client in (:client, '')) or (username = '' and client = :client)
            """;

    /** How this client stands with this account (its stored name; null for no such account). */
    Standing standing(String account, String client) {
        return jdbc.sql(STANDING)
                .param("now", now())
                .param("account", account == null ? ANY : account)
                .param("client", client(client))
                .query((rs, n) -> new Standing(rs.getInt("blocked") == 1, rs.getInt("counted") == 1))
                .single();
    }

    /** A wrong password for {@code account} (its stored name; null when no such account exists) from {@code client}. */
    void failed(String account, String client) {
        var from = client(client);
        count(ANY, from, ADDRESS_FAILURES, LOCK);
        if (account != null) {
            if (count(account, from, PAIR_FAILURES, LOCK)) {
                log.warn(
                        "Logins to {} from {} wait {} minutes after {} wrong passwords",
                        account,
                        from,
                        LOCK.toMinutes(),
                        PAIR_FAILURES);
            }
            count(account, ANY, ACCOUNT_FAILURES, ACCOUNT_PAUSE);
        }
    }

    /** The right password: this client's failures for the account are forgiven. */
    void succeeded(String account, String client) {
        jdbc.sql("delete from login_failures where username = :account and client = :client")
                .param("account", account)
                .param("client", client(client))
                .update();
    }

    // A failure outside the window starts the count afresh; a lock, once it has run, too.
    private static final String COUNT = """
            update login_failures
            set failures = case when window_start < :windowStart then 1 else failures + 1 end,
                window_start = case when window_start < :windowStart then :now else window_start end
            where username = :username and client = :client
            """;

    private static final String FIRST = """
            insert into login_failures (username, client, failures, window_start)
            values (:username, :client, 1, :now)
            """;

    private static final String LOCK_WHEN_FULL = """
            update login_failures set locked_until = :until, failures = 0, window_start = :now
            where username = :username and client = :client and failures >= :limit
            """;

    /** Counts one failure; true when it locked the row. */
    private boolean count(String username, String client, int limit, Duration lock) {
        var now = now();
        if (update(COUNT, username, client, now) == 0) {
            try {
                update(FIRST, username, client, now);
            } catch (DuplicateKeyException e) {
                update(COUNT, username, client, now); // another instance counted the first one at the same moment
            }
        }
        return jdbc.sql(LOCK_WHEN_FULL)
                        .param("until", now.plus(lock))
                        .param("now", now)
                        .param("username", username)
                        .param("client", client)
                        .param("limit", limit)
                        .update()
                > 0;
    }

    private int update(String sql, String username, String client, OffsetDateTime now) {
        return jdbc.sql(sql)
                .param("windowStart", now.minus(WINDOW))
                .param("now", now)
                .param("username", username)
                .param("client", client)
                .update();
    }

    /** Counts that have run out are forgotten, so the table holds only recent trouble. */
    @Scheduled(fixedDelay = 60_000)
    void forgetOldFailures() {
        var now = now();
        jdbc.sql("""
                        delete from login_failures
                        where window_start < :windowStart and (locked_until is null or locked_until < :now)
                        """).param("windowStart", now.minus(WINDOW)).param("now", now).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static String client(String address) {
        if (address == null) {
            return "unknown";
        }
        return address.length() > MAX_CLIENT ? address.substring(0, MAX_CLIENT) : address;
    }
}
