package com.kontrol.database;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.TaskUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.ErrorHandler;

/**
 * What the scheduled work (the outbox, scheduled sends, alerts, outgoing webhooks, the snooze clock) does while the
 * database is away: each run fails and the next one tries again, so it pauses and resumes by itself; this keeps the
 * log to one line every half minute instead of a stack trace from every task every few seconds. Anything else a task
 * throws is logged in full, as Spring would.
 */
@Component
class OutageInSchedules implements ThreadPoolTaskSchedulerCustomizer, ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(OutageInSchedules.class);
    private static final long QUIET_NANOS = Duration.ofSeconds(30).toNanos();

    private final AtomicLong lastSaid = new AtomicLong(System.nanoTime() - QUIET_NANOS);

    @Override
    public void customize(ThreadPoolTaskScheduler scheduler) {
        scheduler.setErrorHandler(this);
    }

    @Override
    public void handleError(Throwable t) {
        if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException) {
            long now = System.nanoTime();
            long last = lastSaid.get();
            if (now - last >= QUIET_NANOS && lastSaid.compareAndSet(last, now)) {
                log.warn("The database does not answer ({}): scheduled work waits and tries again", t.getMessage());
            }
            return;
        }
        TaskUtils.LOG_AND_SUPPRESS_ERROR_HANDLER.handleError(t);
    }
}
