package com.kontrol.report;

import com.kontrol.messaging.CallMissed;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.phone.NumberOptedIn;
import com.kontrol.phone.NumberOptedOut;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Notes for the reports what happens to consent and deliveries, in the transaction that made it happen: a number
 * opting out or back in, a text out that failed (with the carrier's error code and its meaning, as the text keeps
 * them), a missed call. The conversations' own changes are noted where they happen (the arrival's statement, the
 * team's close and reopen). Each row once per message: a status callback sent twice adds nothing.
 */
@Component
class ReportEvents {

    private final JdbcClient jdbc;
    private final Clock clock;

    ReportEvents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void optedOut(NumberOptedOut event) {
        number("opted_out", event.number());
    }

    @EventListener
    void optedIn(NumberOptedIn event) {
        number("opted_in", event.number());
    }

    @EventListener
    void statusChanged(MessageStatusChanged event) {
        if (!"failed".equals(event.status()) && !"undelivered".equals(event.status())) {
            return;
        }
        jdbc.sql("""
                        insert into report_events (at, kind, customer_id, message_id, code, detail)
                        select :at, 'delivery_failed', m.customer_id, m.id, m.error_code, left(m.error_message, 300)
                        from messages m where m.id = :id and m.direction = 'outbound'
                        on conflict do nothing
                        """)
                .param("at", OffsetDateTime.now(clock))
                .param("id", event.messageId())
                .update();
    }

    @EventListener
    void callMissed(CallMissed event) {
        jdbc.sql("""
                        insert into report_events (at, kind, customer_id, message_id)
                        values (:at, 'call_missed', :customerId, :id)
                        on conflict do nothing
                        """)
                .param("at", OffsetDateTime.now(clock))
                .param("customerId", event.customerId())
                .param("id", event.messageId())
                .update();
    }

    private void number(String kind, String phone) {
        jdbc.sql("insert into report_events (at, kind, detail) values (:at, :kind, :phone)")
                .param("at", OffsetDateTime.now(clock))
                .param("kind", kind)
                .param("phone", phone)
                .update();
    }
}
