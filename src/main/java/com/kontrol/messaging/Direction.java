package com.kontrol.messaging;

import java.util.Locale;

/** Which way a text went; or that the thread entry is a staff note or a phone call. */
public enum Direction {
    INBOUND,
    OUTBOUND,
    /** A note staff wrote in the thread: never sent, never an answer. */
    NOTE,
    /** A phone call to the business number: answered, missed or a voicemail (issue 33); never a text. */
    CALL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
