package com.kontrol.live;

import com.kontrol.alert.BrowserAlert;
import com.kontrol.messaging.ConversationAssigned;
import com.kontrol.messaging.ConversationChanged;
import com.kontrol.messaging.CustomerOptedIn;
import com.kontrol.messaging.CustomerOptedOut;
import com.kontrol.messaging.InboxChanged;
import com.kontrol.messaging.MessageQueued;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.NoteAdded;
import com.kontrol.messaging.TextsReceived;
import com.kontrol.messaging.consent.ConsentReviewsChanged;
import com.kontrol.security.SessionsEnded;
import com.kontrol.visit.VisitChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hears what happened in the other modules and announces it on the {@link LiveBus}, which carries it to every instance
 * once committed; a lost push costs nothing lasting (the next page load shows the truth), so plain listeners are enough.
 */
@Component
class LiveNews {

    private final LiveBus bus;

    LiveNews(LiveBus bus) {
        this.bus = bus;
    }

    @EventListener
    void received(TextsReceived group) {
        for (var event : group.texts()) {
            bus.announce(new LiveChange.MessageChanged(
                    event.message().id(), event.message().customerId()));
            if (event.message().customerId() == null) {
                bus.announce(new LiveChange.InboxChanged());
            } else {
                bus.announce(new LiveChange.ConversationsChanged());
            }
        }
    }

    @EventListener
    void queued(MessageQueued event) {
        bus.announce(new LiveChange.MessageChanged(
                event.message().id(), event.message().customerId()));
        if (event.message().customerId() != null) {
            bus.announce(new LiveChange.ConversationsChanged());
        }
    }

    @EventListener
    void noteAdded(NoteAdded event) {
        bus.announce(
                new LiveChange.MessageChanged(event.note().id(), event.note().customerId()));
        bus.announce(new LiveChange.ConversationsChanged()); // a mention reaches someone's Mine
    }

    @EventListener
    void conversationChanged(ConversationChanged event) {
        bus.announce(new LiveChange.ConversationsChanged());
    }

    @EventListener
    void statusChanged(MessageStatusChanged event) {
        bus.announce(new LiveChange.MessageChanged(event.messageId(), event.customerId()));
    }

    @EventListener
    void inboxChanged(InboxChanged event) {
        bus.announce(new LiveChange.InboxChanged());
    }

    @EventListener
    void optedOut(CustomerOptedOut event) {
        bus.announce(new LiveChange.ConsentChanged(event.customerId()));
    }

    @EventListener
    void sessionsEnded(SessionsEnded event) {
        bus.announce(new LiveChange.SessionsEnded(event.username()));
    }

    @EventListener
    void alert(BrowserAlert event) {
        bus.announce(new LiveChange.Alerted(event.messageId(), event.username(), event.sound()));
    }

    @EventListener
    void consentReviews(ConsentReviewsChanged event) {
        bus.announce(new LiveChange.ConsentChanged(event.customerId()));
    }

    @EventListener
    void visitChanged(VisitChanged event) {
        bus.announce(new LiveChange.VisitsChanged(event.jobId()));
    }

    /** A colleague took a conversation that was someone else's: that person is told. */
    @EventListener
    void assigned(ConversationAssigned event) {
        if (event.previousOwner() != null
                && event.by().equals(event.owner())
                && !event.previousOwner().equals(event.by())) {
            bus.announce(new LiveChange.Taken(event.customerId(), event.previousOwner(), event.by()));
        }
    }

    @EventListener
    void optedIn(CustomerOptedIn event) {
        bus.announce(new LiveChange.ConsentChanged(event.customerId()));
    }
}
