package com.kontrol.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.IntStream;

/** A message as the REST API shows it; media at the logged-in URL Kontrol serves them from, not the provider's. */
public record MessageJson(
        long id,
        String sid,
        Long customerId,
        String direction,
        String from,
        String to,
        String body,
        String status,
        Integer errorCode,
        String errorMessage,
        List<MediaJson> media,
        String sentBy,
        OffsetDateTime createdAt,
        Integer redactedAfterDays,
        @JsonInclude(JsonInclude.Include.NON_NULL) CallJson call) {

    /**
     * A call's part (issue 33): its outcome, who took it and for how long, and its voicemail; only on an item whose
     * {@code direction} is {@code call}.
     */
    public record CallJson(
            String sid, String status, Integer durationSeconds, String answeredBy, VoicemailJson voicemail) {}

    /** The recording at the logged-in URL Kontrol serves it from, its length and (if transcribed) its words. */
    public record VoicemailJson(String url, Integer durationSeconds, String transcript) {}

    public static MessageJson of(Message m) {
        return of(m, null);
    }

    /** With a call's details ({@code answeredBy}, talk and recording seconds), for an item that is a call. */
    public static MessageJson of(Message m, CallJson call) {
        var media = IntStream.range(0, m.media().size())
                .mapToObj(i -> new MediaJson(
                        "/messages/" + m.id() + "/media/" + i, m.media().get(i).contentType()))
                .toList();
        return new MessageJson(
                m.id(),
                m.sid(),
                m.customerId(),
                m.direction().code(),
                m.from(),
                m.to(),
                m.body(),
                m.status(),
                m.errorCode(),
                m.errorMessage(),
                media,
                m.sentBy(),
                m.createdAt(),
                m.redactedAfterDays(),
                m.isCall() ? call : null);
    }

    /** A call's part from its entry and what else is known of it (null where unknown). */
    public static CallJson call(Message m, String answeredBy, Integer talkSeconds, Integer recordingSeconds) {
        var voicemail = m.media().isEmpty()
                ? null
                : new VoicemailJson(
                        "/messages/" + m.id() + "/media/0",
                        recordingSeconds,
                        m.body().isBlank() ? null : m.body());
        return new CallJson(m.sid(), m.status(), talkSeconds, answeredBy, voicemail);
    }

    public record MediaJson(String url, String contentType) {}
}
