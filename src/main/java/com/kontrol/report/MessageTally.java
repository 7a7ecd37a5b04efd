package com.kontrol.report;

import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.SmsSegments;
import com.kontrol.web.Times;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts texts into {@code report_counts} as they happen: every {@code kontrol.reports.tally-millis} it reads the
 * messages stored since it last read (by id, at most {@link #BATCH} at a time) and adds them up per day and hour of the
 * business's zone: customer texts in ({@code texts_in}), texts out by who sent them ({@code typed} per person,
 * {@code notification}, {@code automatic}), their segments and pictures, customers' calls ({@code calls_in}). Off the path that stores texts, and once
 * each: the counts and how far it read commit together, and the cursor's row lock lets one instance count at a time.
 * A text is counted by when it was stored, once that is five seconds ago (a text still scheduled for later waits
 * until its time passes, and one the cursor passed meanwhile is left out), so that a transaction still open with a lower id is not passed over; a text replayed
 * from the outage spool later than that is not counted.
 */
@Component
class MessageTally {

    static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final Times times;

    MessageTally(JdbcClient jdbc, Times times) {
        this.jdbc = jdbc;
        this.times = times;
    }

    private record Key(java.time.LocalDate day, int hour, String metric, String username) {}

    @Scheduled(fixedDelayString = "${kontrol.reports.tally-millis:60000}", initialDelay = 5_000)
    void tick() {
        while (countNext() == BATCH) {
            // a backlog (a first start on a long history): on at once
        }
    }

    /** Counts the next batch of messages; how many it read. */
    @Transactional
    int countNext() {
        long from = jdbc.sql("select last_message_id from report_tally where id = 1 for update")
                .query(Long.class)
                .single();
        var counts = new HashMap<Key, Long>();
        var last = new long[] {from};
        var read = new int[1];
        // The words only of texts out, whose segments are counted: a customer's text is not sent back here for nothing.
        jdbc.sql("""
                        select m.id, m.direction, m.sent_by,
                               case when m.direction = 'outbound' then m.body end, m.created_at,
                               exists (select 1 from message_media x where x.message_id = m.id)
                               or exists (select 1 from outbound_media o where o.message_id = m.id)
                        from messages m
                        where m.id > :from and m.direction in ('inbound', 'outbound', 'call')
                          and m.created_at < now() - interval '5 seconds'
                        order by m.id
                        limit :batch
                        """).param("from", from).param("batch", BATCH).query(rs -> {
            read[0]++;
            last[0] = rs.getLong(1);
            var at = rs.getObject(5, OffsetDateTime.class).atZoneSameInstant(times.zone());
            var day = at.toLocalDate();
            int hour = at.getHour();
            boolean picture = rs.getBoolean(6);
            if ("call".equals(rs.getString(2))) { // a customer's call, answered or not
                add(counts, new Key(day, hour, "calls_in", ""), 1);
                return;
            }
            if ("inbound".equals(rs.getString(2))) {
                add(counts, new Key(day, hour, "texts_in", ""), 1);
                if (picture) {
                    add(counts, new Key(day, hour, "mms_in", ""), 1);
                }
                return;
            }
            // No sender recorded (none should be): counted as Kontrol's own, never as nobody's typing.
            var sender = rs.getString(3) == null ? Sender.Automatic.KONTROL : Sender.of(rs.getString(3));
            var kind = sender instanceof Sender.Person
                    ? "typed"
                    : sender == Sender.Automatic.NOTIFICATION ? "notification" : "automatic";
            var who = sender instanceof Sender.Person p ? p.username() : "";
            add(counts, new Key(day, hour, "texts_out_" + kind, who), 1);
            add(
                    counts,
                    new Key(day, hour, "segments_out", ""),
                    SmsSegments.of(rs.getString(4) == null ? "" : rs.getString(4))
                            .segments());
            if (picture) {
                add(counts, new Key(day, hour, "mms_out", ""), 1);
            }
        });
        for (var count : counts.entrySet()) {
            var key = count.getKey();
            jdbc.sql("""
                            insert into report_counts (day, hour, metric, username, count)
                            values (:day, :hour, :metric, :username, :count)
                            on conflict (day, metric, hour, username)
                            do update set count = report_counts.count + excluded.count
                            """)
                    .param("day", key.day())
                    .param("hour", key.hour())
                    .param("metric", key.metric())
                    .param("username", key.username())
                    .param("count", count.getValue())
                    .update();
        }
        if (last[0] > from) {
            jdbc.sql("update report_tally set last_message_id = :last where id = 1")
                    .param("last", last[0])
                    .update();
        }
        return read[0];
    }

    private static void add(Map<Key, Long> counts, Key key, long n) {
        counts.merge(key, n, Long::sum);
    }

    /** Counts everything again from the first message (the command behind "rebuild"): the counts and cursor reset. */
    @Transactional
    void rebuild() {
        jdbc.sql("select last_message_id from report_tally where id = 1 for update")
                .query(Long.class)
                .single();
        jdbc.sql("delete from report_counts").update();
        jdbc.sql("update report_tally set last_message_id = 0 where id = 1").update();
    }
}
