package com.kontrol.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Response times over a range, from {@code report_responses}: median, 90th percentile and the share within the target,
 * first and next responses apart, for the team or one person; who answered how often; the longest waits.
 */
@Repository
class ResponseTimes {

    /** Figures of one kind of response: how many, their median and p90 in seconds, the share within the target. */
    record Figures(long count, Long medianSeconds, Long p90Seconds, Double withinTargetShare) {
        static final Figures NONE = new Figures(0, null, null, null);
    }

    /** One person's answers: how many waits they ended, and their first responses. */
    record Person(String username, long replies, Figures firstResponse) {}

    /** One of the longest waits, for a link to its thread. */
    record Wait(long customerId, String customerName, long waitedSeconds, OffsetDateTime textAt) {}

    private final JdbcClient jdbc;

    ResponseTimes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static String seconds(boolean business) {
        return business ? "business_seconds" : "wall_seconds";
    }

    // Answers in the range, of everyone (:username null) or of one person; {@code r} names report_responses.
    private static final String IN_RANGE = "r.answered_at >= :from and r.answered_at < :to"
            + " and (cast(:username as varchar) is null or r.username = :username)";

    /** {@code first} or {@code next} responses in [{@code from}, {@code to}). */
    Map<String, Figures> figures(Instant from, Instant to, boolean business, long targetSeconds, String username) {
        var out = new HashMap<String, Figures>(Map.of("first", Figures.NONE, "next", Figures.NONE));
        jdbc.sql("""
                        select kind, count(*),
                               percentile_disc(0.5) within group (order by %1$s),
                               percentile_disc(0.9) within group (order by %1$s),
                               avg(case when %1$s <= :target then 1.0 else 0.0 end)
                        from report_responses r
                        where %2$s
                        group by kind
                        """.formatted(seconds(business), IN_RANGE))
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .param("username", username)
                .param("target", targetSeconds)
                .query(rs -> {
                    out.put(
                            rs.getString(1),
                            new Figures(
                                    rs.getLong(2),
                                    rs.getLong(3),
                                    rs.getLong(4),
                                    Math.round(rs.getDouble(5) * 1000) / 1000.0));
                });
        return out;
    }

    /** Each person who answered in the range (notifications left out), most answers first. */
    List<Person> people(Instant from, Instant to, boolean business, String username) {
        var out = new ArrayList<Person>();
        jdbc.sql("""
                        select username, count(*),
                               count(*) filter (where kind = 'first'),
                               percentile_disc(0.5) within group (order by %1$s) filter (where kind = 'first')
                        from report_responses r
                        where r.username is not null and %2$s
                        group by username
                        order by count(*) desc, username
                        """.formatted(seconds(business), IN_RANGE))
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .param("username", username)
                .query(rs -> {
                    long firsts = rs.getLong(3);
                    out.add(new Person(
                            rs.getString(1),
                            rs.getLong(2),
                            new Figures(firsts, firsts == 0 ? null : rs.getLong(4), null, null)));
                });
        return out;
    }

    /**
     * Median first response per period of {@code range} (a day, or a week from its Monday, as {@link
     * ReportRange#period}), by when it was answered in {@code zone}, with its count.
     */
    Map<java.time.LocalDate, Figures> firstPerPeriod(ReportRange range, java.time.ZoneId zone, String username) {
        var out = new HashMap<java.time.LocalDate, Figures>();
        jdbc.sql("""
                        select greatest(cast(date_trunc(:unit, r.answered_at at time zone :zone) as date),
                                        cast(:firstDay as date)),
                               count(*),
                               percentile_disc(0.5) within group (order by %1$s)
                        from report_responses r
                        where r.kind = 'first' and %2$s
                        group by 1
                        """.formatted(seconds(range.business()), IN_RANGE))
                .param("unit", range.weekly() ? "week" : "day")
                .param("zone", zone.getId())
                .param("firstDay", range.from())
                .param("from", range.start(zone).atOffset(ZoneOffset.UTC))
                .param("to", range.end(zone).atOffset(ZoneOffset.UTC))
                .param("username", username)
                .query(rs -> {
                    out.put(
                            rs.getObject(1, java.time.LocalDate.class),
                            new Figures(rs.getLong(2), rs.getLong(3), null, null));
                });
        return out;
    }

    /** The longest waits answered in the range, longest first. */
    List<Wait> longest(Instant from, Instant to, boolean business, String username, int limit) {
        return jdbc.sql("""
                        select r.customer_id, c.name, r.%1$s, r.waited_since
                        from report_responses r join customers c on c.id = r.customer_id
                        where %2$s
                        order by r.%1$s desc, r.id
                        limit :limit
                        """.formatted(seconds(business), IN_RANGE))
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .param("username", username)
                .param("limit", limit)
                .query((rs, n) ->
                        new Wait(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4, OffsetDateTime.class)))
                .list();
    }
}
