package com.kontrol.messaging.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks every {@code kontrol.retention.check-millis} (an hour) whether today's run is due; every instance checks, one
 * claims the run.
 */
@Component
class RetentionSchedule {

    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final DataRetention retention;

    RetentionSchedule(DataRetention retention) {
        this.retention = retention;
    }

    @Scheduled(
            initialDelayString = "${kontrol.retention.initial-delay-millis:60000}",
            fixedDelayString = "${kontrol.retention.check-millis:3600000}")
    void check() {
        try {
            retention.runIfDue();
        } catch (RuntimeException e) {
            log.warn("Data retention failed; it is tried again at the next check", e);
        }
    }
}
