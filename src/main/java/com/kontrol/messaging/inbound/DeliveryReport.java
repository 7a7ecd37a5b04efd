package com.kontrol.messaging.inbound;

import com.kontrol.messaging.DeliveryStatus;

/**
 * What the provider reports of a sent text: its new status, with the provider's error code and meaning when it failed.
 * {@code recipientOptedOut} when the provider says the recipient opted out with it (the text was refused for that).
 */
public record DeliveryReport(
        String sid, DeliveryStatus status, Integer errorCode, String errorMessage, boolean recipientOptedOut) {}
