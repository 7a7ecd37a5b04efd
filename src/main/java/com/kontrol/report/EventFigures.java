package com.kontrol.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What happened to conversations, consent and deliveries over a range, read from {@code report_events} (kept as it
 * happens) and the small tables of consent reviews and line types: counts for the report, and the rows behind each
 * count for its drill-down.
 */
@Repository
class EventFigures {

    /** The kinds of {@code report_events} a drill-down lists. */
    static final Set<String> KINDS =
            Set.of("opened", "reopened", "closed", "opted_out", "opted_in", "delivery_failed", "call_missed");

    record Conversations(long opened, long closed, long reopened) {}

    /** Failed texts out with one carrier error: its code (null: refused or withdrawn before a carrier saw it). */
    record Failure(Integer errorCode, String meaning, long count) {}

    record Trust(
            long optOuts,
            long optIns,
            long reviewsOpened,
            long reviewsOptOut,
            long landlines,
            List<Failure> deliveryFailures) {}

    /** One row behind a figure: the conversation (null for a number that is nobody's), when, and what. */
    record Row(Long customerId, String customerName, OffsetDateTime at, String detail) {}

    private final JdbcClient jdbc;

    EventFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many of each kind in [{@code from}, {@code to}). */
    Map<String, Long> counts(Instant from, Instant to) {
        var out = new HashMap<String, Long>();
        jdbc.sql("select kind, count(*) from report_events where at >= :from and at < :to group by kind")
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query(rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    Conversations conversations(Map<String, Long> counts) {
        return new Conversations(
                counts.getOrDefault("opened", 0L),
                counts.getOrDefault("closed", 0L),
                counts.getOrDefault("reopened", 0L));
    }

    Trust trust(Instant from, Instant to, Map<String, Long> counts) {
        var start = from.atOffset(ZoneOffset.UTC);
        var end = to.atOffset(ZoneOffset.UTC);
        var reviews = new long[2];
        jdbc.sql("""
                        select count(*), count(*) filter (where r.decision = 'opt_out')
                        from consent_reviews r join messages m on m.id = r.message_id
                        where m.created_at >= :from and m.created_at < :to
                        """).param("from", start).param("to", end).query(rs -> {
            reviews[0] = rs.getLong(1);
            reviews[1] = rs.getLong(2);
        });
        long landlines = jdbc.sql("""
                        select count(*) from phone_line_types
                        where lower(line_type) = 'landline' and looked_up_at >= :from and looked_up_at < :to
                        """)
                .param("from", start)
                .param("to", end)
                .query(Long.class)
                .single();
        var failures = jdbc.sql("""
                        select code, max(detail), count(*) from report_events
                        where kind = 'delivery_failed' and at >= :from and at < :to
                        group by code order by count(*) desc, code nulls last
                        """)
                .param("from", start)
                .param("to", end)
                .query((rs, n) -> new Failure((Integer) rs.getObject(1), rs.getString(2), rs.getLong(3)))
                .list();
        return new Trust(
                counts.getOrDefault("opted_out", 0L),
                counts.getOrDefault("opted_in", 0L),
                reviews[0],
                reviews[1],
                landlines,
                failures);
    }

    /**
     * The rows behind a count, newest first: conversations opened, closed, …; for a number's consent the customers
     * who have it (or the number alone); for failures those with {@code code} (null: every failure).
     */
    List<Row> rows(String kind, Instant from, Instant to, Integer code, int limit) {
        var out = new ArrayList<Row>();
        jdbc.sql("""
                        select coalesce(e.customer_id, p.customer_id), c.name, e.at,
                               case when e.kind = 'delivery_failed'
                                    then coalesce(cast(e.code as varchar) || ': ', '') || coalesce(e.detail, 'no carrier error')
                                    else e.detail end
                        from report_events e
                        left join customer_phones p on e.customer_id is null and p.phone = e.detail
                        left join customers c on c.id = coalesce(e.customer_id, p.customer_id)
                        where e.kind = :kind and e.at >= :from and e.at < :to
                          and (cast(:code as integer) is null or e.code = :code)
                        order by e.at desc, e.id desc
                        limit :limit
                        """)
                .param("kind", kind)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .param("code", code)
                .param("limit", limit)
                .query(rs -> {
                    out.add(new Row(
                            (Long) rs.getObject(1, Long.class),
                            rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class),
                            rs.getString(4)));
                });
        return out;
    }
}
