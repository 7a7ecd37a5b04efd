package com.kontrol.report;

import com.kontrol.web.Times;
import java.sql.Array;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily rollup of answers ({@code report_response_days}): per day of the business's zone, kind and person, the
 * waits each answer ended. A 90-day report reads a few hundred of these rows, not every answer; its medians are
 * worked out here from the waits ({@link ResponseTimes}). Kept in the answer's transaction ({@link ResponseLog}), and
 * counted again from {@code report_responses} at a start whose zone differs from the one they were counted in (the
 * first start after the table came, or a change of {@code kontrol.time-zone}) and by the recount.
 */
@Repository
class ResponseDays {

    private static final Logger log = LoggerFactory.getLogger(ResponseDays.class);

    /** One day's answers of one kind by one person ('' for notifications): the waits they ended, in seconds. */
    record Day(LocalDate day, String kind, String username, int[] seconds) {}

    private final JdbcClient jdbc;
    private final Times times;
    private final TransactionTemplate transaction;

    ResponseDays(JdbcClient jdbc, Times times, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.times = times;
        this.transaction = transaction;
    }

    /** Adds one answer to its day (in the caller's transaction, the answer's own). */
    void add(java.time.Instant answeredAt, String kind, String username, long businessSeconds, long wallSeconds) {
        jdbc.sql("""
                        insert into report_response_days (day, kind, username, business_seconds, wall_seconds)
                        values (:day, :kind, :username, array[:business], array[:wall])
                        on conflict (day, kind, username) do update
                        set business_seconds = report_response_days.business_seconds || excluded.business_seconds,
                            wall_seconds = report_response_days.wall_seconds || excluded.wall_seconds
                        """)
                .param("day", LocalDate.ofInstant(answeredAt, times.zone()))
                .param("kind", kind)
                .param("username", username == null ? "" : username)
                .param("business", (int) Math.min(Integer.MAX_VALUE, businessSeconds))
                .param("wall", (int) Math.min(Integer.MAX_VALUE, wallSeconds))
                .update();
    }

    /** The days [{@code from}, {@code to}] of everyone ({@code username} null) or one person. */
    List<Day> between(LocalDate from, LocalDate to, boolean business, String username) {
        var out = new ArrayList<Day>();
        jdbc.sql("""
                        select day, kind, username, %s
                        from report_response_days
                        where day between :from and :to
                          and (cast(:username as varchar) is null or username = :username)
                        """.formatted(business ? "business_seconds" : "wall_seconds"))
                .param("from", from)
                .param("to", to)
                .param("username", username)
                .query(rs -> {
                    out.add(new Day(
                            rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), ints(rs.getArray(4))));
                });
        return out;
    }

    private static int[] ints(Array array) throws SQLException {
        var boxed = (Object[]) array.getArray();
        var out = new int[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            out[i] = ((Number) boxed[i]).intValue();
        }
        return out;
    }

    /** Counts the days again when they were counted in another zone than today's, or never. */
    @EventListener(ApplicationReadyEvent.class)
    void countedInThisZone() {
        var zone = jdbc.sql("select response_days_zone from report_tally where id = 1")
                .query(String.class)
                .optional()
                .orElse(null);
        if (!times.zone().getId().equals(zone)) {
            log.info("Counting the answers' days in {} (they were counted in {})", times.zone(), zone);
            rebuild();
        }
    }

    /**
     * Counts every day again from {@code report_responses}. The table lock holds back the answers given meanwhile
     * until this commits, so each is counted once: by this when it committed before, by its own add after.
     */
    void rebuild() {
        transaction.executeWithoutResult(t -> countAgain());
    }

    private void countAgain() {
        jdbc.sql("lock table report_response_days in exclusive mode").update();
        jdbc.sql("delete from report_response_days").update();
        jdbc.sql("""
                        insert into report_response_days (day, kind, username, business_seconds, wall_seconds)
                        select cast(answered_at at time zone :zone as date), kind, coalesce(username, ''),
                               array_agg(cast(least(business_seconds, 2147483647) as integer) order by id),
                               array_agg(cast(least(wall_seconds, 2147483647) as integer) order by id)
                        from report_responses
                        group by 1, 2, 3
                        """).param("zone", times.forDatabase()).update();
        jdbc.sql("update report_tally set response_days_zone = :zone where id = 1")
                .param("zone", times.zone().getId())
                .update();
    }
}
