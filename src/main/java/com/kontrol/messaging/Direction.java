package com.kontrol.messaging;

import java.util.Locale;

/** Which way a text went. */
public enum Direction {
    INBOUND,
    OUTBOUND,
    /** A note staff wrote in the thread: never sent, never an answer. */
    NOTE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
