package com.kontrol.notification;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every notification Kontrol queued, skipped (and why) or replaced with a newer one, and what caused it. */
@Repository
class NotificationLog {

    private final JdbcClient jdbc;

    private final Clock clock;

    private final AuditLog audit;

    NotificationLog(JdbcClient jdbc, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            insert into notification_log (job_id, customer_id, kind, outcome, reason, message_id, caused_by, created_at)
            values (:jobId, :customerId, :kind, :outcome, :reason, :messageId, :causedBy, :now)
            """;

    void record(
            Long jobId,
            long customerId,
            NotificationKind kind,
            String outcome,
            String reason,
            Long messageId,
            String causedBy) {
        jdbc.sql(INSERT)
                .param("jobId", jobId)
                .param("customerId", customerId)
                .param("kind", kind.code())
                .param("outcome", outcome)
                .param("reason", reason)
                .param("messageId", messageId)
                .param("causedBy", causedBy)
                .param("now", OffsetDateTime.now(clock))
                .update();
        // The audit log points here rather than copying the entry: what happened, and where the details are.
        if ("queued".equals(outcome) || "skipped".equals(outcome)) {
            audit.record(
                    causedBy,
                    "queued".equals(outcome) ? AuditAction.NOTIFICATION_QUEUED : AuditAction.NOTIFICATION_SKIPPED,
                    customerId,
                    "Notification \"" + kind.code() + "\"" + (jobId == null ? "" : " of job id " + jobId)
                            + ("queued".equals(outcome) ? ": text " + messageId : ": skipped")
                            + " (see the job's notification log)");
        }
    }

    private static final String SELECT = """
            select id, job_id, kind, outcome, reason, message_id, caused_by, created_at from notification_log
            """;

    List<NotificationLogEntry> ofJob(long jobId) {
        return jdbc.sql(SELECT + " where job_id = :jobId order by id desc")
                .param("jobId", jobId)
                .query(NotificationLog::map)
                .list();
    }

    /** The latest status notification queued for the job, which a newer status change may still replace. */
    Optional<NotificationLogEntry> lastQueuedStatus(long jobId) {
        return jdbc.sql(
                        SELECT
                                + " where job_id = :jobId and outcome = 'queued' and kind like 'status_%' order by id desc limit 1")
                .param("jobId", jobId)
                .query(NotificationLog::map)
                .optional();
    }

    private static NotificationLogEntry map(ResultSet rs, int n) throws SQLException {
        return new NotificationLogEntry(
                rs.getLong("id"),
                (Long) rs.getObject("job_id", Long.class),
                rs.getString("kind"),
                rs.getString("outcome"),
                rs.getString("reason"),
                (Long) rs.getObject("message_id", Long.class),
                rs.getString("caused_by"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
