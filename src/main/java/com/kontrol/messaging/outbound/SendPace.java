package com.kontrol.messaging.outbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The pace of each sender number ({@link SenderPace}) across all instances: the next free send slot of a
 * number is a row ({@code send_pace}), so two instances together send at the configured rate, not twice it.
 */
@Repository
class SendPace {

    private final JdbcClient jdbc;

    SendPace(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The slots of {@code senders}, locked until the caller's transaction ends: another instance taking slots of the
     * same numbers waits for that commit and then sees what was taken. Locked in the numbers' order, so that two
     * instances never wait on each other.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Slots lock(Collection<String> senders, OffsetDateTime now, Map<String, Duration> intervals) {
        var sorted = new TreeSet<>(senders);
        if (sorted.isEmpty()) { // only Messaging Services: nothing to pace here
            return new Slots(new HashMap<>(), new HashMap<>(), now, intervals);
        }
        for (var sender : sorted) {
            jdbc.sql("insert into send_pace (sender, next_slot) values (:sender, :now) on conflict do nothing")
                    .param("sender", sender)
                    .param("now", now)
                    .update();
        }
        var next = new HashMap<String, OffsetDateTime>();
        jdbc.sql("select sender, next_slot from send_pace where sender in (:senders) order by sender for update")
                .param("senders", sorted)
                .query((rs, n) -> next.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class)))
                .list();
        return new Slots(next, new HashMap<>(next), now, intervals);
    }

    /** The locked numbers' slots: {@link #take} them, then {@link #save()} before the transaction commits. */
    final class Slots {

        private final Map<String, OffsetDateTime> next;
        private final Map<String, OffsetDateTime> found;
        private final OffsetDateTime now;
        private final Map<String, Duration> intervals;

        private Slots(
                Map<String, OffsetDateTime> next,
                Map<String, OffsetDateTime> found,
                OffsetDateTime now,
                Map<String, Duration> intervals) {
            this.next = next;
            this.found = found;
            this.now = now;
            this.intervals = intervals;
        }

        /** When {@code sender} may send next, or null when that is after {@code horizon}; nothing is taken yet. */
        OffsetDateTime peek(String sender, OffsetDateTime horizon) {
            var slot = next.getOrDefault(sender, now);
            if (slot.isBefore(now)) {
                slot = now;
            }
            return slot.isAfter(horizon) ? null : slot;
        }

        /** Takes {@code sender}'s slot {@code slot} (from {@link #peek}): the next one is an interval later. */
        void take(String sender, OffsetDateTime slot) {
            next.put(sender, slot.plus(intervals.get(sender)));
        }

        void save() {
            next.forEach((sender, slot) -> {
                if (!slot.equals(found.get(sender))) {
                    jdbc.sql("update send_pace set next_slot = :slot where sender = :sender")
                            .param("slot", slot)
                            .param("sender", sender)
                            .update();
                }
            });
        }
    }
}
