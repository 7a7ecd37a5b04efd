package com.kontrol.messaging;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One text, either way. {@code status} uses Twilio's words ({@code queued}, {@code delivered}, {@code received}, …);
 * {@code sentBy} is the staff user, {@code notification}, or null for an inbound text.
 */
public record Message(
        long id,
        String sid,
        Long customerId,
        Long jobId,
        Direction direction,
        String from,
        String to,
        String body,
        String status,
        Integer errorCode,
        String errorMessage,
        String sentBy,
        OffsetDateTime createdAt,
        List<Media> media) {

    Message withId(long newId) {
        return new Message(
                newId,
                sid,
                customerId,
                jobId,
                direction,
                from,
                to,
                body,
                status,
                errorCode,
                errorMessage,
                sentBy,
                createdAt,
                media);
    }

    Message withMedia(List<Media> newMedia) {
        return new Message(
                id,
                sid,
                customerId,
                jobId,
                direction,
                from,
                to,
                body,
                status,
                errorCode,
                errorMessage,
                sentBy,
                createdAt,
                newMedia);
    }

    public boolean isInbound() {
        return direction == Direction.INBOUND;
    }
}
