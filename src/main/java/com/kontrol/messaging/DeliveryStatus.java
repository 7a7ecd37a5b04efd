package com.kontrol.messaging;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Twilio's message statuses in the order a message passes through them. Callbacks arrive in any order, so a status
 * may only replace one of lower rank: a late {@code sent} never overwrites {@code delivered}, and the first final
 * status wins (only {@code read} may follow a delivery).
 */
public enum DeliveryStatus {
    SCHEDULED(0),
    ACCEPTED(0),
    QUEUED(1),
    SENDING(2),
    SENT(3),
    RECEIVING(3),
    RECEIVED(4),
    PARTIALLY_DELIVERED(4),
    DELIVERED(5),
    UNDELIVERED(5),
    FAILED(5),
    CANCELED(5),
    READ(6);

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        var wanted = code.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.code().equals(wanted)).findFirst();
    }

    /** The statuses this one may replace. */
    public List<String> replaces() {
        return Arrays.stream(values())
                .filter(s -> s.rank < rank)
                .map(DeliveryStatus::code)
                .toList();
    }
}
