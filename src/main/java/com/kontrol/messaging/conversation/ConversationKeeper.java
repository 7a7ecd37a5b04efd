package com.kontrol.messaging.conversation;

import com.kontrol.messaging.CallMissed;
import com.kontrol.messaging.ConversationChanged;
import com.kontrol.messaging.CustomerAnswered;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.MessageQueued;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.TextsReceived;
import com.kontrol.messaging.ThreadLoaded;
import com.kontrol.messaging.UnassignedNumberAssigned;
import java.util.ArrayList;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each conversation's state in step with its texts, in the transaction that stores the text: a customer's text
 * waits for an answer (and reopens a closed or snoozed conversation, unless it is a bare "ok" or a STOP/START); a staff
 * reply or a notification answers it. A missed call waits as a text does.
 */
@Component
class ConversationKeeper {

    private final ConversationActivity activity;
    private final Acknowledgements acknowledgements;
    private final Messages messages;
    private final ApplicationEventPublisher events;

    ConversationKeeper(
            ConversationActivity activity,
            Acknowledgements acknowledgements,
            Messages messages,
            ApplicationEventPublisher events) {
        this.messages = messages;
        this.events = events;
        this.activity = activity;
        this.acknowledgements = acknowledgements;
    }

    /** A missed call (or a voicemail) waits for an answer as a customer's text does. */
    @EventListener
    void callMissed(CallMissed call) {
        if (call.customerId() != null) {
            messages.findById(call.messageId()).ifPresent(m -> activity.received(m, false));
            events.publishEvent(new ConversationChanged(call.customerId()));
        }
    }

    @EventListener
    void received(TextsReceived group) {
        if (group.conversationsKept()) {
            return; // kept by the statement that stored them (ArrivalUpkeep)
        }
        var texts = new ArrayList<ConversationActivity.Received>(group.texts().size());
        for (var event : group.texts()) {
            var m = event.message();
            if (m.customerId() != null && m.direction() == Direction.INBOUND) {
                // STOP and START are answered by the carrier and Kontrol; nobody can or needs to reply to them.
                texts.add(new ConversationActivity.Received(
                        m, event.consentChanged() || acknowledgements.isBare(m.body())));
            }
        }
        activity.received(texts);
    }

    /** A number's texts joined the customer's thread together: the conversation is worked out again from them. */
    @EventListener
    void numberAssigned(UnassignedNumberAssigned event) {
        activity.rebuild(event.customerId());
    }

    @EventListener
    void loaded(ThreadLoaded event) {
        activity.rebuild(event.customerId());
    }

    @EventListener
    void queued(MessageQueued event) {
        var m = event.message();
        // The after-hours and help replies are automatic: the customer still waits for a person's answer.
        if (m.customerId() != null
                && m.direction() == Direction.OUTBOUND
                && (m.sender() == null || m.sender().answersTheCustomer())) {
            activity.answered(m)
                    .ifPresent(wait -> events.publishEvent(new CustomerAnswered(
                            m.customerId(),
                            m.id(),
                            m.sender() instanceof Sender.Person person ? person.username() : null,
                            wait.since(),
                            m.createdAt(),
                            wait.first())));
        }
    }
}
