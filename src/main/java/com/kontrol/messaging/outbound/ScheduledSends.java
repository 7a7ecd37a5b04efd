package com.kontrol.messaging.outbound;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends scheduled texts when their time comes. The time is in the database, so a restart loses nothing (this runs at
 * start and every 5 s, {@code kontrol.sms.scheduled-check-millis}), and each text is released by one conditional update, so with several instances it goes once.
 */
@Component
class ScheduledSends {

    private static final Logger log = LoggerFactory.getLogger(ScheduledSends.class);
    private static final int BATCH = 200;

    private final OutboxRows rows;
    private final ScheduledTexts scheduled;
    private final Clock clock;

    ScheduledSends(OutboxRows rows, ScheduledTexts scheduled, Clock clock) {
        this.rows = rows;
        this.scheduled = scheduled;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${kontrol.sms.scheduled-check-millis:5000}")
    void releaseDue() {
        for (var id : rows.dueScheduled(OffsetDateTime.now(clock), BATCH)) {
            try {
                scheduled.releaseDue(id);
            } catch (RuntimeException e) {
                log.warn("Scheduled text {} could not be released; trying again shortly", id, e);
            }
        }
    }
}
