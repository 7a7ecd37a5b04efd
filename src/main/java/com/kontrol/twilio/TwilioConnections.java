package com.kontrol.twilio;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether this database has ever been used with a real Twilio account (saved on the settings page, or configured). It
 * stays so after a disconnect: the database then holds real customers, and its sandbox only simulates them.
 */
@Component
public class TwilioConnections {

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile boolean known; // once true, true for good

    TwilioConnections(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True when a real Twilio account has been connected to this database at any time. */
    public boolean ever() {
        if (!known) {
            known = jdbc.sql("select count(*) from twilio_connected")
                            .query(Integer.class)
                            .single()
                    > 0;
        }
        return known;
    }

    /** A real account is connected now (saved, or configured at start): remember it for good. */
    void connected() {
        if (ever()) {
            return;
        }
        try {
            jdbc.sql("""
                            insert into twilio_connected (id, first_at)
                            select 1, :now where not exists (select 1 from twilio_connected)
                            """).param("now", OffsetDateTime.now(clock)).update();
        } catch (DuplicateKeyException e) {
            // another instance wrote it first
        }
        known = true;
    }
}
