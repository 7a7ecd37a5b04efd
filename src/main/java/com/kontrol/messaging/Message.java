package com.kontrol.messaging;

import com.kontrol.audit.AuditLog;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One text, either way. {@code status} is a {@link DeliveryStatus} code ({@code queued}, {@code delivered},
 * {@code received}, …); {@code sentBy} is the staff user or an automatic {@link Sender}'s code, or null for an inbound text (one
 * typed on the sandbox's Dev Phone: {@link #typedOnDevPhoneBy who typed it}). New texts
 * start from {@link #received} or {@link #queued}; the id is the database's, 0 until stored. {@code resentBy}: who sent
 * a failed text again (its new attempt is another message), else null.
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
        List<Media> media,
        String resentBy,
        Integer redactedAfterDays) {

    /** The longest body stored (the column's size); a longer text is kept, cut, with {@link #CUT} at the end. */
    public static final int MAX_BODY = 100_000;

    static final String CUT = "\n[… cut: the text was %,d characters long]";

    /** The body as it can be stored: whole, or cut at {@link #MAX_BODY} with a marker that says so. */
    public static String fitted(String body) {
        if (body == null || body.length() <= MAX_BODY) {
            return body;
        }
        var marker = CUT.formatted(body.length());
        int end = MAX_BODY - marker.length();
        if (Character.isHighSurrogate(body.charAt(end - 1))) {
            end--; // never half a character
        }
        return body.substring(0, end) + marker;
    }

    /** A text that reached the business number; routing decides whose thread it joins. */
    public static Message received(
            String sid, String from, String to, String body, OffsetDateTime at, List<Media> media) {
        return new Message(
                0,
                sid,
                null,
                null,
                Direction.INBOUND,
                from,
                to,
                fitted(body),
                DeliveryStatus.RECEIVED.code(),
                null,
                null,
                null,
                at,
                List.copyOf(media),
                null,
                null);
    }

    /** A text written to the outbox, about a job or not ({@code jobId} null), to a customer or to an unknown number. */
    public static Message queued(
            Long customerId, Long jobId, String from, String to, String body, Sender sender, OffsetDateTime at) {
        return new Message(
                0,
                null,
                customerId,
                jobId,
                Direction.OUTBOUND,
                from,
                to,
                body,
                DeliveryStatus.QUEUED.code(),
                null,
                null,
                sender.code(),
                at,
                List.of(),
                null,
                null);
    }

    /** What an inbound text typed on the sandbox's Dev Phone is recorded as sent by, and its consequences done by. */
    public static final String DEV_PHONE = "Dev Phone for ";

    /** This inbound text, typed on the Dev Phone by {@code username}: a simulation, not the customer. */
    public Message typedOnDevPhoneBy(String username) {
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
                DEV_PHONE + username,
                createdAt,
                media,
                resentBy,
                redactedAfterDays);
    }

    /** Who sent this outgoing text: a person or Kontrol itself; null for an incoming one. */
    public Sender sender() {
        return direction == Direction.OUTBOUND && sentBy != null ? Sender.of(sentBy) : null;
    }

    /** Typed on the Dev Phone, by {@link #sentBy}, rather than by whoever has the number. */
    public boolean isTypedOnDevPhone() {
        return direction == Direction.INBOUND && sentBy != null;
    }

    /**
     * Who what an inbound text does (STOP, a YES to an approval, a visit confirmed) is recorded as done by: the
     * customer, or on the Dev Phone the person who typed it.
     */
    public String actor() {
        return isTypedOnDevPhone() ? sentBy : AuditLog.CUSTOMER;
    }

    /** This text, in a customer's thread. */
    public Message inThreadOf(Long newCustomerId) {
        return new Message(
                id,
                sid,
                newCustomerId,
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
                media,
                resentBy,
                redactedAfterDays);
    }

    /** This text, as the provider knows it. */
    public Message withSid(String newSid) {
        return new Message(
                id,
                newSid,
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
                media,
                resentBy,
                redactedAfterDays);
    }

    /** This text, with a later status. */
    public Message withStatus(DeliveryStatus newStatus) {
        return new Message(
                id,
                sid,
                customerId,
                jobId,
                direction,
                from,
                to,
                body,
                newStatus.code(),
                errorCode,
                errorMessage,
                sentBy,
                createdAt,
                media,
                resentBy,
                redactedAfterDays);
    }

    /** This text, as stored under the database's id. */
    public Message withId(long newId) {
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
                media,
                resentBy,
                redactedAfterDays);
    }

    public Message withMedia(List<Media> newMedia) {
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
                newMedia,
                resentBy,
                redactedAfterDays);
    }

    /** Its body and media were removed by the data-retention rule ({@link #redactedAfterDays} old). */
    public boolean isRedacted() {
        return redactedAfterDays != null;
    }

    public boolean isInbound() {
        return direction == Direction.INBOUND;
    }

    public boolean isNote() {
        return direction == Direction.NOTE;
    }

    /** A phone call to the business number, shown in the thread beside the texts. */
    public boolean isCall() {
        return direction == Direction.CALL;
    }

    /** A call in a few words, for a list's one line: "Missed call", "Voicemail: can you call me back". */
    public String callSummary() {
        var words = body == null || body.isBlank() ? "" : ": " + body.strip();
        return switch (status) {
            case "missed" -> "Missed call";
            case "voicemail" -> "Voicemail" + words;
            case "answered" -> "Call answered";
            default -> "Calling…";
        };
    }

    /** A note by {@code by} in the customer's thread; it is never sent ({@code status} "note" is no outbox state). */
    public static Message note(long customerId, String body, String by, OffsetDateTime at) {
        return new Message(
                0,
                null,
                customerId,
                null,
                Direction.NOTE,
                "",
                "",
                body,
                "note",
                null,
                null,
                by,
                at,
                List.of(),
                null,
                null);
    }
}
