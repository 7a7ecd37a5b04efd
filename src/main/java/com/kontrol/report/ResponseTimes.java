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
 * Response times over a range: median, 90th percentile and the share within the target, first and next responses
 * apart, for the team or one person, and who answered how often, worked out from the days' waits ({@link
 * ResponseDays}); the longest waits, read from {@code report_responses}.
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

    /** {@code first} and {@code next} responses of these days: count, median, p90, share within the target. */
    static Map<String, Figures> figures(List<ResponseDays.Day> days, long targetSeconds) {
        var out = new HashMap<String, Figures>(Map.of("first", Figures.NONE, "next", Figures.NONE));
        for (var kind : List.of("first", "next")) {
            var waits = Waits.of(days, d -> d.kind().equals(kind));
            if (waits.count() > 0) {
                out.put(kind, waits.figures(targetSeconds));
            }
        }
        return out;
    }

    /** Each person who answered on these days (notifications left out), most answers first. */
    static List<Person> people(List<ResponseDays.Day> days) {
        var out = new ArrayList<Person>();
        days.stream()
                .map(ResponseDays.Day::username)
                .filter(u -> !u.isEmpty())
                .distinct()
                .forEach(username -> {
                    var firsts = Waits.of(
                            days, d -> d.username().equals(username) && d.kind().equals("first"));
                    long replies = days.stream()
                            .filter(d -> d.username().equals(username))
                            .mapToLong(d -> d.seconds().length)
                            .sum();
                    out.add(new Person(
                            username,
                            replies,
                            new Figures(firsts.count(), firsts.count() == 0 ? null : firsts.at(0.5), null, null)));
                });
        out.sort(java.util.Comparator.comparingLong(Person::replies).reversed().thenComparing(Person::username));
        return out;
    }

    /**
     * Median first response per period of {@code range} (a day, or a week from its Monday, as {@link
     * ReportRange#period}), by the day it was answered, with its count.
     */
    static Map<java.time.LocalDate, Figures> firstPerPeriod(List<ResponseDays.Day> days, ReportRange range) {
        var out = new HashMap<java.time.LocalDate, Figures>();
        days.stream()
                .filter(d -> d.kind().equals("first"))
                .collect(java.util.stream.Collectors.groupingBy(
                        d -> ReportRange.period(d.day(), range.from(), range.weekly())))
                .forEach((period, ofPeriod) -> {
                    var waits = Waits.of(ofPeriod, d -> true);
                    out.put(period, new Figures(waits.count(), waits.at(0.5), null, null));
                });
        return out;
    }

    /**
     * Waits in seconds, in no order: a median or p90 is picked out (quickselect, linear on average) rather than sorted
     * out, since a 90-day report reads ~100,000 of them several times.
     */
    private record Waits(int[] values) {

        static Waits of(List<ResponseDays.Day> days, java.util.function.Predicate<ResponseDays.Day> which) {
            var chosen = days.stream().filter(which).toList();
            var all = new int[chosen.stream().mapToInt(d -> d.seconds().length).sum()];
            int at = 0;
            for (var day : chosen) {
                System.arraycopy(day.seconds(), 0, all, at, day.seconds().length);
                at += day.seconds().length;
            }
            return new Waits(all);
        }

        long count() {
            return values.length;
        }

        /** The first wait at or above the fraction {@code p} of them (SQL's percentile_disc). */
        long at(double p) {
            int k = Math.max(0, Math.min(values.length - 1, (int) Math.ceil(p * values.length) - 1));
            int lo = 0;
            int hi = values.length - 1;
            var random = java.util.concurrent.ThreadLocalRandom.current();
            while (lo < hi) { // Hoare's selection with a random pivot: values[k] ends where a sort would put it
                int pivot = values[lo + random.nextInt(hi - lo + 1)];
                int i = lo;
                int j = hi;
                while (i <= j) {
                    while (values[i] < pivot) i++;
                    while (values[j] > pivot) j--;
                    if (i <= j) {
                        int t = values[i];
                        values[i++] = values[j];
                        values[j--] = t;
                    }
                }
                if (k <= j) {
                    hi = j;
                } else if (k >= i) {
                    lo = i;
                } else {
                    break;
                }
            }
            return values[k];
        }

        Figures figures(long targetSeconds) {
            int within = 0;
            for (int wait : values) {
                if (wait <= targetSeconds) {
                    within++;
                }
            }
            double share = (double) within / values.length;
            return new Figures(count(), at(0.5), at(0.9), Math.round(share * 1000) / 1000.0);
        }
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
