package com.kontrol.messaging.conversation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The team inbox's views, each with its own order. */
public enum ConversationView {
    /** Open conversations whose latest customer text has no answer yet, longest waiting first. */
    NEEDS_REPLY,
    /** Conversations the person owns, latest activity first. */
    MINE,
    /** Every conversation, latest activity first. */
    ALL,
    CLOSED,
    SNOOZED;

    /** {@code needs_reply}, {@code mine}, …: the API's and the page's spelling. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConversationView> ofCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code().equals(code)).findFirst();
    }
}
