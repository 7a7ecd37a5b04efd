package com.kontrol.notification;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The wording of each notification: what an admin saved, else the default. */
@Repository
class NotificationTemplates {

    private final JdbcClient jdbc;

    private final Clock clock;

    private final AuditLog audit;

    NotificationTemplates(JdbcClient jdbc, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    private static final String FIND = """
            select body, enabled, updated_by from notification_templates where kind = :kind
            """;

    NotificationTemplate of(NotificationKind kind) {
        return jdbc.sql(FIND)
                .param("kind", kind.code())
                .query((rs, n) -> new NotificationTemplate(
                        kind, rs.getString("body"), rs.getBoolean("enabled"), rs.getString("updated_by")))
                .optional()
                .orElseGet(() -> new NotificationTemplate(kind, kind.defaultBody, kind.enabledByDefault, null));
    }

    List<NotificationTemplate> all() {
        return Arrays.stream(NotificationKind.values()).map(this::of).toList();
    }

    private static final String UPDATE = """
            update notification_templates set body = :body, enabled = :enabled, updated_by = :by, updated_at = :now
            where kind = :kind
            """;

    private static final String INSERT = """
            insert into notification_templates (kind, body, enabled, updated_by, updated_at)
            values (:kind, :body, :enabled, :by, :now)
            """;

    void save(NotificationKind kind, String body, boolean enabled, String by) {
        var sql = jdbc.sql(UPDATE);
        var params = Map.<String, Object>of(
                "kind", kind.code(), "body", body, "enabled", enabled, "by", by, "now", OffsetDateTime.now(clock));
        if (jdbc.sql(UPDATE).params(params).update() == 0) {
            jdbc.sql(INSERT).params(params).update();
        }
        audit.record(
                by,
                AuditAction.SETTINGS_CHANGED,
                null,
                "Notification \"" + kind.code() + "\" " + (enabled ? "on" : "off") + ", text: " + cut(body));
    }

    private static String cut(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
