package com.kontrol.messaging.conversation;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Wakes snoozed conversations when their time comes. The time is in the database, so a restart loses nothing, and each
 * wake-up is one conditional update, so with several instances each conversation wakes once.
 */
@Component
class SnoozeAlarm {

    private static final Logger log = LoggerFactory.getLogger(SnoozeAlarm.class);

    private final Conversations conversations;
    private final ConversationDesk desk;
    private final Clock clock;

    SnoozeAlarm(Conversations conversations, ConversationDesk desk, Clock clock) {
        this.conversations = conversations;
        this.desk = desk;
        this.clock = clock;
    }

    /** Every 15 s, and at start: a snooze that came due while Kontrol was down wakes as soon as it is up again. */
    @Scheduled(fixedDelay = 15_000)
    void wakeDue() {
        wakeDue(OffsetDateTime.now(clock));
    }

    /** Wakes what is due at {@code now}; how many this instance woke (another may have woken the rest). */
    int wakeDue(OffsetDateTime now) {
        var woken = 0;
        for (var id : conversations.due(now)) {
            if (desk.wake(id, now)) {
                woken++;
            }
        }
        if (woken > 0) {
            log.info("Woke {} snoozed conversation(s)", woken);
        }
        return woken;
    }
}
