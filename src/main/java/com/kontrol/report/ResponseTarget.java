package com.kontrol.report;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.web.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * How soon the team means to answer a waiting customer: the target whose share Reports give ("within 15 min"). An
 * admin sets it on Reports; until then {@code kontrol.reports.target-minutes}.
 */
@Component
class ResponseTarget {

    static final int MAX_MINUTES = 7 * 24 * 60;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final int defaultMinutes;

    ResponseTarget(
            JdbcClient jdbc,
            AuditLog audit,
            Clock clock,
            @Value("${kontrol.reports.target-minutes:15}") int defaultMinutes) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.defaultMinutes = defaultMinutes;
    }

    Duration current() {
        var saved = jdbc.sql("select target_minutes from report_settings where id = 1")
                .query(Integer.class)
                .optional();
        return Duration.ofMinutes(saved.orElse(defaultMinutes));
    }

    /** @throws InvalidInputException for a target that is not 1 minute to a week */
    @Transactional
    void save(String minutes, String by) {
        int value;
        try {
            value = Integer.parseInt(minutes == null ? "" : minutes.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("The target is a number of minutes, like 15.");
        }
        if (value < 1 || value > MAX_MINUTES) {
            throw new InvalidInputException("The target is 1 minute to a week (" + MAX_MINUTES + " minutes).");
        }
        jdbc.sql("""
                        insert into report_settings (id, target_minutes, updated_by, updated_at)
                        values (1, :minutes, :by, :at)
                        on conflict (id) do update set target_minutes = excluded.target_minutes,
                            updated_by = excluded.updated_by, updated_at = excluded.updated_at
                        """)
                .param("minutes", value)
                .param("by", by)
                .param("at", OffsetDateTime.now(clock))
                .update();
        audit.record(
                by, AuditAction.SETTINGS_CHANGED, null, "Set the response target on Reports to " + value + " minutes");
    }
}
