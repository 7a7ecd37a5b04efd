package com.kontrol.customer.importing;

import java.nio.charset.Charset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The imports ({@code customer_imports}): the uploaded file until its run ends, then what the run did. */
@Repository
class CustomerImports {

    /** An import as its pages show it. */
    record Import(
            long id,
            String fileName,
            Charset charset,
            char delimiter,
            String mapping,
            String state,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime finishedAt,
            int total,
            int written,
            Counts counts,
            String error,
            OffsetDateTime undoneAt,
            String undoneBy) {

        public boolean running() {
            return state.equals("running");
        }

        public boolean finished() {
            return state.equals("done") || state.equals("failed");
        }

        /** Until a day after it finished: whether the undo is still offered at {@code now}. */
        boolean undoable(OffsetDateTime now) {
            return finished() && finishedAt != null && finishedAt.plusDays(1).isAfter(now);
        }

        public int percent() {
            return total == 0 ? (finished() ? 100 : 0) : Math.min(100, written * 100 / total);
        }
    }

    record Counts(int created, int updated, int merged, int unchanged, int refused, int optedOut) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    CustomerImports(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static final String COLUMNS = """
            id, file_name, charset, delimiter, mapping, state, created_by, created_at, finished_at, total, written,
            created, updated, merged, unchanged, refused, opted_out, error, undone_at, undone_by
            """;

    long add(String fileName, byte[] content, Charset charset, char delimiter, String by) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into customer_imports (file_name, content, charset, delimiter, state, created_by, created_at)
                        values (:name, :content, :charset, :delimiter, 'mapping', :by, :now)
                        """)
                .param("name", fileName)
                .param("content", content)
                .param("charset", charset.name())
                .param("delimiter", String.valueOf(delimiter))
                .param("by", by)
                .param("now", OffsetDateTime.now(clock))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    Optional<Import> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from customer_imports where id = :id")
                .param("id", id)
                .query(CustomerImports::row)
                .optional();
    }

    /** The latest imports, newest first. */
    List<Import> latest(int limit) {
        return jdbc.sql("select " + COLUMNS + " from customer_imports order by id desc limit :limit")
                .param("limit", limit)
                .query(CustomerImports::row)
                .list();
    }

    Optional<byte[]> content(long id) {
        return jdbc.sql("select content from customer_imports where id = :id and content is not null")
                .param("id", id)
                .query(byte[].class)
                .optional();
    }

    /** Reads the file again with this encoding and delimiter, and keeps the mapping; only before it runs. */
    boolean map(long id, Charset charset, char delimiter, String mapping) {
        return jdbc.sql("""
                                update customer_imports set charset = :charset, delimiter = :delimiter, mapping = :mapping
                                where id = :id and state = 'mapping'
                                """)
                        .param("id", id)
                        .param("charset", charset.name())
                        .param("delimiter", String.valueOf(delimiter))
                        .param("mapping", mapping)
                        .update()
                == 1;
    }

    /** Moves a mapped import on to running; false when it was not waiting to run (confirmed twice, or cancelled). */
    boolean start(long id) {
        var now = OffsetDateTime.now(clock);
        return jdbc.sql("""
                                update customer_imports set state = 'running', started_at = :now, lease_until = :until
                                where id = :id and state = 'mapping' and mapping is not null
                                """)
                        .param("id", id)
                        .param("now", now)
                        .param("until", now.plus(LEASE))
                        .update()
                == 1;
    }

    /**
     * How long a running import stays this instance's without a renewal: when it runs out, the instance stopped (renewed
     * every {@code ImportRun.RENEW_MILLIS}, a fraction of this).
     */
    static final Duration LEASE = Duration.ofMinutes(2);

    /** Renews the lease of the running imports this instance holds (queued or being written). */
    void renew(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("update customer_imports set lease_until = :until where id in (:ids) and state = 'running'")
                .param("ids", ids)
                .param("until", OffsetDateTime.now(clock).plus(LEASE))
                .update();
    }

    /**
     * Marks failed, with {@code error}, the running imports whose lease ran out (their instance stopped; runs from
     * before leases had none): what they wrote stays for the undo. Their ids.
     */
    List<Long> abandoned(String error) {
        var now = OffsetDateTime.now(clock);
        return jdbc.sql("""
                        update customer_imports set state = 'failed', error = :error, finished_at = :now, content = null
                        where state = 'running' and (lease_until is null or lease_until < :now)
                        returning id
                        """)
                .param("error", error)
                .param("now", now)
                .query(Long.class)
                .list();
    }

    void planned(long id, int total, ImportPlan plan, String refusals) {
        var counts = plan.counts();
        jdbc.sql("""
                        update customer_imports set total = :total, created = :created, updated = :updated,
                               merged = :merged, unchanged = :unchanged, refused = :refused, opted_out = :optedOut,
                               refusals = :refusals
                        where id = :id
                        """)
                .param("id", id)
                .param("total", total)
                .param("created", counts.get(ImportPlan.Action.CREATE))
                .param("updated", counts.get(ImportPlan.Action.UPDATE))
                .param("merged", counts.get(ImportPlan.Action.MERGE))
                .param("unchanged", counts.get(ImportPlan.Action.UNCHANGED))
                .param("refused", counts.get(ImportPlan.Action.REFUSED))
                .param("optedOut", plan.newOptOuts)
                .param("refusals", refusals)
                .update();
    }

    /** False when the run is no longer running (taken as abandoned: its lease ran out), so it stops. */
    boolean wrote(long id, int customers) {
        return jdbc.sql("update customer_imports set written = written + :n where id = :id and state = 'running'")
                        .param("id", id)
                        .param("n", customers)
                        .update()
                == 1;
    }

    /** The run ended ({@code error} null when it went through); the file is let go. */
    void finished(long id, String error) {
        jdbc.sql("""
                        update customer_imports set state = :state, error = :error, finished_at = :now, content = null
                        where id = :id and state = 'running'
                        """)
                .param("id", id)
                .param("state", error == null ? "done" : "failed")
                .param("error", error)
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    boolean undone(long id, String by) {
        return jdbc.sql("""
                                update customer_imports set state = 'undone', undone_at = :now, undone_by = :by
                                where id = :id and state in ('done', 'failed')
                                """)
                        .param("id", id)
                        .param("by", by)
                        .param("now", OffsetDateTime.now(clock))
                        .update()
                == 1;
    }

    /** Forgets an import that never ran (its file with it). */
    boolean cancel(long id) {
        return jdbc.sql("delete from customer_imports where id = :id and state = 'mapping'")
                        .param("id", id)
                        .update()
                == 1;
    }

    Optional<String> refusals(long id) {
        return jdbc.sql("select refusals from customer_imports where id = :id and refusals is not null")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    private static Import row(ResultSet rs, int n) throws SQLException {
        return new Import(
                rs.getLong("id"),
                rs.getString("file_name"),
                Charset.forName(rs.getString("charset")),
                rs.getString("delimiter").charAt(0),
                rs.getString("mapping"),
                rs.getString("state"),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class),
                rs.getInt("total"),
                rs.getInt("written"),
                new Counts(
                        rs.getInt("created"),
                        rs.getInt("updated"),
                        rs.getInt("merged"),
                        rs.getInt("unchanged"),
                        rs.getInt("refused"),
                        rs.getInt("opted_out")),
                rs.getString("error"),
                rs.getObject("undone_at", OffsetDateTime.class),
                rs.getString("undone_by"));
    }
}
