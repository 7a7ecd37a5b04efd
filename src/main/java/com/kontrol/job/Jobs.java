package com.kontrol.job;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The jobs and their status history. */
@Repository
public class Jobs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    private final Clock clock;

    Jobs(JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            insert into jobs (number, title, status, customer_id, portal_token, created_at, updated_at)
            values (nextval('job_numbers'), :title, :status, :customerId, :token, :now, :now)
            """;

    @Transactional
    public Job add(long customerId, String title, String createdBy) {
        var keys = new GeneratedKeyHolder();
        var now = now();
        jdbc.sql(INSERT)
                .param("title", title)
                .param("status", JobStatus.SCHEDULED.name())
                .param("customerId", customerId)
                .param("token", newPortalToken())
                .param("now", now)
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        recordChange(id, null, JobStatus.SCHEDULED, createdBy, now);
        return findById(id).orElseThrow();
    }

    private static final String SELECT = """
            select id, number, title, status, customer_id, portal_token, created_at, updated_at
            from jobs
            """;

    public Optional<Job> findById(long id) {
        return jdbc.sql(SELECT + " where id = :id")
                .param("id", id)
                .query(Jobs::map)
                .optional();
    }

    public Optional<Job> findByPortalToken(String token) {
        return jdbc.sql(SELECT + " where portal_token = :token")
                .param("token", token)
                .query(Jobs::map)
                .optional();
    }

    /** The customer's jobs, newest first. */
    public List<Job> forCustomer(long customerId) {
        return jdbc.sql(SELECT + " where customer_id = :customerId order by id desc")
                .param("customerId", customerId)
                .query(Jobs::map)
                .list();
    }

    /** The jobs of several customers, newest first, in one query (a list of conversations shows each one's job). */
    public List<Job> forCustomers(List<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where customer_id in (:ids) order by id desc")
                .param("ids", customerIds)
                .query(Jobs::map)
                .list();
    }

    private static final String UPDATE_STATUS = """
            update jobs set status = :to, updated_at = :now
            where id = :id and status = :from
            """;

    /**
     * Moves the job to {@code to} and records who did it; empty when the job does not exist. A change to the status it
     * already has records nothing and publishes nothing.
     */
    @Transactional
    public Optional<JobStatusChanged> changeStatus(long id, JobStatus to, String changedBy) {
        var job = findById(id);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        var from = job.get().status();
        if (from == to) {
            return Optional.of(new JobStatusChanged(id, job.get().customerId(), from, to, changedBy));
        }
        var now = now();
        int updated = jdbc.sql(UPDATE_STATUS)
                .param("id", id)
                .param("from", from.name())
                .param("to", to.name())
                .param("now", now)
                .update();
        if (updated == 0) {
            // Someone else changed it between our read and write: go again from what is there now.
            return changeStatus(id, to, changedBy);
        }
        recordChange(id, from, to, changedBy, now);
        return Optional.of(new JobStatusChanged(id, job.get().customerId(), from, to, changedBy));
    }

    private static final String INSERT_CHANGE = """
            insert into job_status_changes (job_id, from_status, to_status, changed_by, changed_at)
            values (:jobId, :from, :to, :changedBy, :changedAt)
            """;

    private void recordChange(long jobId, JobStatus from, JobStatus to, String changedBy, OffsetDateTime at) {
        jdbc.sql(INSERT_CHANGE)
                .param("jobId", jobId)
                .param("from", from == null ? null : from.name())
                .param("to", to.name())
                .param("changedBy", changedBy)
                .param("changedAt", at)
                .update();
    }

    private static final String HISTORY = """
            select from_status, to_status, changed_by, changed_at
            from job_status_changes
            where job_id = :jobId
            order by id
            """;

    List<StatusChange> history(long jobId) {
        return jdbc.sql(HISTORY)
                .param("jobId", jobId)
                .query((rs, n) -> new StatusChange(
                        rs.getString("from_status") == null ? null : JobStatus.valueOf(rs.getString("from_status")),
                        JobStatus.valueOf(rs.getString("to_status")),
                        rs.getString("changed_by"),
                        rs.getObject("changed_at", OffsetDateTime.class)))
                .list();
    }

    private static Job map(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getLong("id"),
                rs.getLong("number"),
                rs.getString("title"),
                JobStatus.valueOf(rs.getString("status")),
                rs.getLong("customer_id"),
                rs.getString("portal_token"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    /** 192 random bits, URL-safe: unguessable, and short enough for a text message. */
    private static String newPortalToken() {
        var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
