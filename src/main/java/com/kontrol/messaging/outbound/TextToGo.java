package com.kontrol.messaging.outbound;

import com.kontrol.messaging.Sender;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A text to go to a customer, as the {@link Outbox} and {@link ScheduledTexts} take it: who it is for, its words, the
 * job it is about (null: their most recent open job), who sends it, from which of the business's numbers (null: see
 * {@link SenderChoice}), when (to queue: not before then, null at once; to schedule: its time), what makes Kontrol
 * send it (for an automatic text) and the pictures or PDFs with it (then it is one MMS, and the words may be empty).
 */
public record TextToGo(
        long customerId,
        String body,
        Long jobId,
        Sender sender,
        String from,
        OffsetDateTime when,
        Trigger trigger,
        List<Attachment> files) {

    public TextToGo {
        files = List.copyOf(files);
    }

    /** A text to {@code customerId} from {@code sender}, about their open job, at once, from the usual number. */
    public static TextToGo to(long customerId, String body, Sender sender) {
        return new TextToGo(customerId, body, null, sender, null, null, Trigger.of(sender), List.of());
    }

    /** About this job (null: the customer's most recent open job). */
    public TextToGo about(Long job) {
        return new TextToGo(customerId, body, job, sender, from, when, trigger, files);
    }

    /** From this one of the business's numbers, picked in the reply box (null or blank: the usual one). */
    public TextToGo sentFrom(String number) {
        return new TextToGo(customerId, body, jobId, sender, number, when, trigger, files);
    }

    /** Not before {@code time} when queued, at {@code time} when scheduled. */
    public TextToGo at(OffsetDateTime time) {
        return new TextToGo(customerId, body, jobId, sender, from, time, trigger, files);
    }

    /** Sent because of this (an automatic text's trigger decides whether quiet hours hold it back). */
    public TextToGo because(Trigger why) {
        return new TextToGo(customerId, body, jobId, sender, from, when, why, files);
    }

    /** With these pictures or PDFs, checked by {@link Attachments}. */
    public TextToGo with(List<Attachment> attachments) {
        return new TextToGo(customerId, body, jobId, sender, from, when, trigger, attachments);
    }
}
