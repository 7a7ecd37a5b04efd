package com.kontrol.messaging;

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
        Integer redactedAfterDays) {

    public static MessageJson of(Message m) {
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
                m.redactedAfterDays());
    }

    public record MediaJson(String url, String contentType) {}
}
