package com.kontrol.messaging.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rule (one row) and the daily run's claim, so that one instance at a time applies it, once a day. */
@Repository
class RetentionRules {

    /** How long a claimed run may take before another instance may take it over (its instance died). */
    static final Duration CLAIM = Duration.ofMinutes(30);

    private final JdbcClient jdbc;
    private final Clock clock;

    RetentionRules(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    RetentionRule rule() {
        return jdbc.sql("select days, delete_at_provider, changed_by, changed_at from retention_settings where id = 1")
                .query((rs, n) -> new RetentionRule(
                        (Integer) rs.getObject(1, Integer.class),
                        rs.getBoolean(2),
                        rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class)))
                .single();
    }

    void save(Integer days, boolean deleteAtProvider, String by) {
        jdbc.sql("""
                        update retention_settings
                        set days = :days, delete_at_provider = :deleteAtProvider, changed_by = :by, changed_at = :now
                        where id = 1
                        """)
                .param("days", days)
                .param("deleteAtProvider", deleteAtProvider)
                .param("by", by)
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    /** The last run's day, time and what it did. */
    public record LastRun(LocalDate on, OffsetDateTime at, String result) {}

    Optional<LastRun> lastRun() {
        return jdbc.sql("select last_run_on, last_run_at, last_result from retention_runs where id = 1")
                .query((rs, n) -> new LastRun(
                        rs.getObject(1, LocalDate.class), rs.getObject(2, OffsetDateTime.class), rs.getString(3)))
                .optional()
                .filter(r -> r.at() != null);
    }

    /**
     * Claims the run for {@code instance}: false while another instance holds it, or (unless {@code evenIfRanToday})
     * when it ran on {@code today} already.
     */
    boolean claim(String instance, LocalDate today, boolean evenIfRanToday) {
        var now = OffsetDateTime.now(clock);
        return jdbc.sql("""
                                update retention_runs set claimed_by = :instance, claimed_until = :until
                                where id = 1 and (claimed_until is null or claimed_until < :now)
                                  and (:evenIfRanToday or last_run_on is null or last_run_on < :today)
                                """)
                        .param("instance", instance)
                        .param("until", now.plus(CLAIM))
                        .param("now", now)
                        .param("evenIfRanToday", evenIfRanToday)
                        .param("today", today)
                        .update()
                == 1;
    }

    /** Keeps the claim of a long run (Twilio's deletions take a round trip each). */
    void extend(String instance) {
        jdbc.sql("update retention_runs set claimed_until = :until where id = 1 and claimed_by = :instance")
                .param("until", OffsetDateTime.now(clock).plus(CLAIM))
                .param("instance", instance)
                .update();
    }

    void finished(String instance, LocalDate today, String result) {
        jdbc.sql("""
                        update retention_runs
                        set claimed_by = null, claimed_until = null, last_run_on = :today, last_run_at = :now,
                            last_result = :result
                        where id = 1 and claimed_by = :instance
                        """)
                .param("instance", instance)
                .param("today", today)
                .param("now", OffsetDateTime.now(clock))
                .param("result", result.length() > 500 ? result.substring(0, 499) + "…" : result)
                .update();
    }

    /** Gives the claim back after a failed run, so that the next check tries again. */
    void release(String instance) {
        jdbc.sql("update retention_runs set claimed_by = null, claimed_until = null"
                        + " where id = 1 and claimed_by = :instance")
                .param("instance", instance)
                .update();
    }
}
