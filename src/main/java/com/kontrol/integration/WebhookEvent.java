package com.kontrol.integration;

import java.util.Arrays;
import java.util.Optional;

/** The events a subscription can ask for, by the names receivers see in {@code type}. */
enum WebhookEvent {
    MESSAGE_RECEIVED("message.received", "A customer's text arrived (or a text from a number no customer has)"),
    MESSAGE_STATUS("message.status", "A sent text's status moved: sent, delivered, failed, undelivered"),
    CONVERSATION_ASSIGNED("conversation.assigned", "A conversation was given to someone, taken, or unassigned"),
    CUSTOMER_OPTED_OUT("customer.opted_out", "A customer asked for no more texts (STOP, the carrier, or staff)"),
    CUSTOMER_CHANGED("customer.changed", "A customer was created, changed, archived or deleted through the API"),
    APPROVAL_DECIDED("approval.decided", "A customer approved or declined a request, or staff took a decision back");

    final String type;
    final String description;

    WebhookEvent(String type, String description) {
        this.type = type;
        this.description = description;
    }

    public String type() {
        return type;
    }

    public String description() {
        return description;
    }

    static Optional<WebhookEvent> of(String type) {
        return Arrays.stream(values()).filter(e -> e.type.equals(type)).findFirst();
    }
}
