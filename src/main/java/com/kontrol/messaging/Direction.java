package com.kontrol.messaging;

import java.util.Locale;

/** Which way a text went. */
public enum Direction {
    INBOUND,
    OUTBOUND;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
