package com.kontrol.messaging.outbound;

import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import org.springframework.stereotype.Component;

/**
 * A scheduled text as it will be sent: it keeps its shortcodes until it goes (a name or a job may change meanwhile,
 * {@link ScheduledTexts#releaseDue}), but the thread shows it filled in as of now, never with raw {@code {{first_name}}}.
 */
@Component
public class ScheduledWords {

    private final Outbox outbox;

    ScheduledWords(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Its words with the shortcodes filled; any other text's words as they are (or as stored, if they cannot be). */
    public String of(Message m) {
        if (!DeliveryStatus.SCHEDULED.code().equals(m.status()) || m.customerId() == null || m.sender() == null) {
            return m.body();
        }
        try {
            var draft = outbox.preview(
                    TextToGo.to(m.customerId(), m.body(), m.sender()).about(m.jobId()), 0);
            return draft.ok() ? draft.text() : m.body();
        } catch (InvalidInputException | NotFoundException e) {
            return m.body(); // its job or customer is gone: it will fail at its time, saying why
        }
    }
}
