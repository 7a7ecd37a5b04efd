package com.kontrol.messaging.outbound;

import com.kontrol.messaging.Sender;
import java.util.Locale;

/** What makes Kontrol send an automatic text, which decides whether quiet hours hold it back. */
public enum Trigger {
    /** An answer to the recipient's own text (help, after-hours, "which one?", a confirmation): goes at once. */
    ANSWER,
    /** A person's action now (a status change, an approval request, On my way, an emergency page): goes at once. */
    NOW,
    /** Kontrol's own schedule (a visit reminder, anything due by a timer): waits for the recipient's daytime. */
    SCHEDULED;

    /**
     * What sends a text from {@code sender} when its caller does not say: help and after-hours replies answer, and so
     * does the text back to a missed caller.
     */
    static Trigger of(Sender sender) {
        return sender == Sender.Automatic.AFTER_HOURS
                        || sender == Sender.Automatic.HELP
                        || sender == Sender.Automatic.MISSED_CALL
                ? ANSWER
                : NOW;
    }

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
