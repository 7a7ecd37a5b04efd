package com.kontrol.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What texting amounted to over a range of days, read from {@code report_counts} ({@link MessageTally}). */
@Repository
class TextVolume {

    /**
     * Texts in and out ({@code out} by kind: typed, notification, automatic), segments sent, pictures each way, and the
     * estimated cost of the segments.
     */
    record Texts(long in, Map<String, Long> out, long segments, long mmsIn, long mmsOut, BigDecimal estimatedCost) {

        public long outTotal() {
            return out.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final JdbcClient jdbc;

    TextVolume(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Texts in and out (every kind) per day of [{@code from}, {@code to}], or per week (keyed by its Monday, the first
     * and last weeks cut by the range) when {@code weekly}; every day or week of the range is there, none missing.
     */
    java.util.SortedMap<LocalDate, long[]> perPeriod(LocalDate from, LocalDate to, boolean weekly) {
        var out = new java.util.TreeMap<LocalDate, long[]>();
        for (var d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.putIfAbsent(ReportRange.period(d, from, weekly), new long[2]);
        }
        jdbc.sql("""
                        select day, metric = 'texts_in', sum(count) from report_counts
                        where day between :from and :to
                          and metric in ('texts_in', 'texts_out_typed', 'texts_out_notification', 'texts_out_automatic')
                        group by day, metric = 'texts_in'
                        """).param("from", from).param("to", to).query(rs -> {
            var day = rs.getObject(1, LocalDate.class);
            out.get(ReportRange.period(day, from, weekly))[rs.getBoolean(2) ? 0 : 1] += rs.getLong(3);
        });
        return out;
    }

    /** Customers' calls on the days [{@code from}, {@code to}]. */
    long calls(LocalDate from, LocalDate to) {
        return jdbc.sql("select coalesce(sum(count), 0) from report_counts where day between :from and :to"
                        + " and metric = 'calls_in'")
                .param("from", from)
                .param("to", to)
                .query(Long.class)
                .single();
    }

    /** The days [{@code from}, {@code to}], of the team or of one person's typed texts ({@code username}). */
    Texts texts(LocalDate from, LocalDate to, String username, BigDecimal segmentPrice) {
        var sums = new HashMap<String, Long>();
        jdbc.sql("""
                        select metric, sum(count) from report_counts
                        where day between :from and :to
                          and (cast(:username as varchar) is null or username = :username)
                        group by metric
                        """)
                .param("from", from)
                .param("to", to)
                .param("username", username)
                .query(rs -> {
                    sums.put(rs.getString(1), rs.getLong(2));
                });
        var out = new java.util.LinkedHashMap<String, Long>();
        for (var kind : new String[] {"typed", "notification", "automatic"}) {
            out.put(kind, sums.getOrDefault("texts_out_" + kind, 0L));
        }
        long segments = sums.getOrDefault("segments_out", 0L);
        return new Texts(
                sums.getOrDefault("texts_in", 0L),
                out,
                segments,
                sums.getOrDefault("mms_in", 0L),
                sums.getOrDefault("mms_out", 0L),
                segmentPrice.multiply(BigDecimal.valueOf(segments)).setScale(2, RoundingMode.HALF_UP));
    }

    /** Customer texts by weekday (Monday first) and hour of the business's day: where the busy hours are. */
    long[][] busiestHours(LocalDate from, LocalDate to) {
        var grid = new long[7][24];
        jdbc.sql("""
                        select extract(isodow from day)::int, hour, sum(count) from report_counts
                        where day between :from and :to and metric = 'texts_in'
                        group by 1, 2
                        """).param("from", from).param("to", to).query(rs -> {
            grid[rs.getInt(1) - 1][rs.getInt(2)] = rs.getLong(3);
        });
        return grid;
    }
}
