package com.kontrol.job;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The approval requests of jobs. */
@Repository
class ApprovalRequests {

    private final JdbcClient jdbc;

    private final Clock clock;

    ApprovalRequests(JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            insert into approval_requests (job_id, summary, amount, status, status_before, created_by, created_at)
            values (:jobId, :summary, :amount, 'pending', :statusBefore, :createdBy, :now)
            """;

    ApprovalRequest add(long jobId, String summary, BigDecimal amount, JobStatus statusBefore, String createdBy) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql(INSERT)
                .param("jobId", jobId)
                .param("summary", summary)
                .param("amount", amount)
                .param("statusBefore", statusBefore.name())
                .param("createdBy", createdBy)
                .param("now", OffsetDateTime.now(clock))
                .update(keys, "id");
        return findById(keys.getKeyAs(Long.class)).orElseThrow();
    }

    private static final String SELECT = """
            select id, job_id, summary, amount, status, status_before, decided_via, decided_by, decided_at,
                   created_by, created_at
            from approval_requests
            """;

    Optional<ApprovalRequest> findById(long id) {
        return jdbc.sql(SELECT + " where id = :id")
                .param("id", id)
                .query(ApprovalRequests::map)
                .optional();
    }

    List<ApprovalRequest> ofJob(long jobId) {
        return jdbc.sql(SELECT + " where job_id = :jobId order by id")
                .param("jobId", jobId)
                .query(ApprovalRequests::map)
                .list();
    }

    private static final String PENDING_OF_CUSTOMER = """
            select r.id, r.job_id, r.summary, r.amount, r.status, r.status_before, r.decided_via, r.decided_by,
                   r.decided_at, r.created_by, r.created_at
            from approval_requests r
            join jobs j on j.id = r.job_id
            where j.customer_id = :customerId and r.status = 'pending'
            order by r.id
            """;

    List<ApprovalRequest> pendingOfCustomer(long customerId) {
        return jdbc.sql(PENDING_OF_CUSTOMER)
                .param("customerId", customerId)
                .query(ApprovalRequests::map)
                .list();
    }

    // Only a pending request can be decided: two answers at once (a text and a click) get one winner.
    private static final String DECIDE = """
            update approval_requests
            set status = :status, decided_via = :via, decided_by = :by, decided_at = :now
            where id = :id and status = 'pending'
            """;

    boolean decide(long id, String status, String via, String by) {
        return jdbc.sql(DECIDE)
                        .param("id", id)
                        .param("status", status)
                        .param("via", via)
                        .param("by", by)
                        .param("now", OffsetDateTime.now(clock))
                        .update()
                == 1;
    }

    private static final String REOPEN = """
            update approval_requests
            set status = 'pending', decided_via = null, decided_by = null, decided_at = null
            where id = :id and status <> 'pending'
            """;

    boolean reopen(long id) {
        return jdbc.sql(REOPEN).param("id", id).update() == 1;
    }

    private static ApprovalRequest map(ResultSet rs, int n) throws SQLException {
        var before = rs.getString("status_before");
        return new ApprovalRequest(
                rs.getLong("id"),
                rs.getLong("job_id"),
                rs.getString("summary"),
                rs.getBigDecimal("amount"),
                rs.getString("status"),
                before == null ? null : JobStatus.valueOf(before),
                rs.getString("decided_via"),
                rs.getString("decided_by"),
                rs.getObject("decided_at", OffsetDateTime.class),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
