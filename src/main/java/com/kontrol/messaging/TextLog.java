package com.kontrol.messaging;

import org.slf4j.MDC;

/**
 * The MDC keys every log line about a text carries, so that an operator finds all of one text's lines by its id or
 * its provider SID ({@code message_id}, {@code message_sid}: fields of their own in the structured formats). Only
 * these ids: never a body, which is the customer's words, and never a credential.
 */
public final class TextLog {

    public static final String ID = "message_id";
    public static final String SID = "message_sid";

    private TextLog() {}

    /** Until closed, this thread's log lines name the text {@code id}. */
    public static MDC.MDCCloseable id(long id) {
        return MDC.putCloseable(ID, Long.toString(id));
    }

    /** Until closed, this thread's log lines name the provider's {@code sid} (nothing when it is null). */
    public static MDC.MDCCloseable sid(String sid) {
        return MDC.putCloseable(SID, sid);
    }
}
