package com.kontrol.audit;

import com.kontrol.web.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes and reads the audit log. {@link #record} joins the caller's transaction, so an entry exists exactly when the
 * change it records was committed.
 */
@Repository
public class AuditLog {

    /** The actor of what a customer did by text (STOP, a texted YES) or on the portal. */
    public static final String CUSTOMER = "customer";
    /** The actor of what the carrier reported (Twilio's 21610: the number had replied STOP to us before). */
    public static final String CARRIER = "carrier";
    /** The actor of what Kontrol did by itself. */
    public static final String SYSTEM = "system";

    static final int MAX_DETAIL = 2000;
    static final int MAX_PAGE = 200;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Times times;

    AuditLog(JdbcClient jdbc, Clock clock, Times times) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.times = times;
    }

    private static final String INSERT = """
            insert into audit_events (at, actor, action, customer_id, detail)
            values (:at, :actor, :action, :customerId, :detail)
            """;

    /** Adds an entry in the caller's transaction. {@code detail} says what happened, never a body or a secret. */
    public void record(String actor, AuditAction action, Long customerId, String detail) {
        var sentence = detail == null ? "" : detail.strip();
        jdbc.sql(INSERT)
                .param("at", OffsetDateTime.now(clock))
                .param("actor", actor == null || actor.isBlank() ? SYSTEM : cut(actor, 100))
                .param("action", action.code())
                .param("customerId", customerId)
                .param("detail", cut(sentence, MAX_DETAIL))
                .update();
    }

    /** Whether {@code actor} ever did something beyond signing in (a text, a decision, a change). */
    public boolean hasActed(String actor) {
        return jdbc.sql("select 1 from audit_events where actor = :actor and action not like 'login.%' limit 1")
                .param("actor", actor)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** Entries of a customer, newest first (the thread's opt-out banner says how it came about). */
    public List<AuditEvent> ofCustomer(long customerId, AuditAction action, int limit) {
        return page(new AuditQuery(null, action, customerId, null, null), null, limit);
    }

    /**
     * The newest {@code limit} entries that match, older than the entry {@code after} (null: from the newest). Newest
     * means latest {@code at}, then highest id. Only the filters given are in the statement, and each has an index in
     * that order, so a page is a short index range wherever it starts.
     */
    List<AuditEvent> page(AuditQuery query, Long after, int limit) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        filter(query, where, params);
        if (after != null) {
            var cursor = jdbc.sql("select at from audit_events where id = :id")
                    .param("id", after)
                    .query(OffsetDateTime.class)
                    .optional();
            if (cursor.isEmpty()) {
                return List.of();
            }
            where.add("(at, id) < (:afterAt, :afterId)");
            params.put("afterAt", cursor.get());
            params.put("afterId", after);
        }
        params.put("limit", Math.max(1, Math.min(limit, MAX_PAGE)));
        var sql = "select id, at, actor, action, customer_id, detail from audit_events"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by at desc, id desc limit :limit";
        return jdbc.sql(sql).params(params).query(AuditLog::map).list();
    }

    /** Every matching entry, newest first, a page at a time (for the CSV export of a range). */
    void each(AuditQuery query, Consumer<AuditEvent> each) {
        Long after = null;
        while (true) {
            var page = page(query, after, MAX_PAGE);
            page.forEach(each);
            if (page.size() < MAX_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private void filter(AuditQuery query, List<String> where, Map<String, Object> params) {
        if (query.actor() != null && !query.actor().isBlank()) {
            where.add("actor = :actor");
            params.put("actor", query.actor().strip());
        }
        if (query.action() != null) {
            where.add("action = :action");
            params.put("action", query.action().code());
        }
        if (query.customerId() != null) {
            where.add("customer_id = :customerId");
            params.put("customerId", query.customerId());
        }
        if (query.from() != null) {
            where.add("at >= :from");
            params.put("from", query.from().atStartOfDay(times.zone()).toOffsetDateTime());
        }
        if (query.to() != null) {
            where.add("at < :to");
            params.put("to", query.to().plusDays(1).atStartOfDay(times.zone()).toOffsetDateTime());
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static AuditEvent map(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(
                rs.getLong("id"),
                rs.getObject("at", OffsetDateTime.class),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getObject("customer_id", Long.class),
                rs.getString("detail"));
    }
}
