package com.kontrol.messaging.unassigned;

import com.kontrol.messaging.Message;
import java.time.OffsetDateTime;
import java.util.List;

/** One number's conversation: its texts (and replies to it) oldest first. */
public record Conversation(
        String phone, List<Message> messages, long texts, OffsetDateTime lastMessageAt, boolean blocked, long lastId) {

    /** The conversation's key in the page's element ids (safe in a CSS selector); the controller uses the same. */
    public String key() {
        return keyOf(phone);
    }

    /** Its letters and digits: "+1 707…" is "1707…", "BANK-ALERT" is "BANKALERT". */
    static String keyOf(String phone) {
        return phone.replaceAll("[^A-Za-z0-9]", "");
    }
}
