package com.kontrol.messaging.conversation;

import com.kontrol.messaging.ConversationChanged;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
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
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SnoozeAlarm(Conversations conversations, Clock clock, ApplicationEventPublisher events) {
        this.conversations = conversations;
        this.clock = clock;
        this.events = events;
    }

    @Scheduled(fixedDelay = 15_000)
    void wakeDue() {
        var woken = conversations.wake(OffsetDateTime.now(clock));
        if (!woken.isEmpty()) {
            log.info("Woke {} snoozed conversation(s)", woken.size());
            woken.forEach(id -> events.publishEvent(new ConversationChanged(id)));
        }
    }
}
