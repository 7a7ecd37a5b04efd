package com.kontrol.messaging;

import java.time.OffsetDateTime;
import java.util.List;

/** The texts from one number that matches no customer, oldest first. */
public record UnassignedConversation(String phone, List<Message> messages) {

    public OffsetDateTime lastMessageAt() {
        return messages.get(messages.size() - 1).createdAt();
    }
}
