package com.kontrol.messaging.thread;

import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/**
 * What the reply box posts: the words, the job they are about, whether it is a note for the team, "send later" (a
 * button's time, or {@code picked} with the picker's {@code sendAtLocal}), the attached files and the number picked to
 * send from (null: the usual one).
 */
record ReplyForm(
        String body,
        Long jobId,
        Boolean note,
        String sendAt,
        String sendAtLocal,
        List<MultipartFile> media,
        String from,
        Long seen,
        Boolean confirmed) {

    ReplyForm {
        body = body == null ? "" : body;
        note = note != null && note;
        sendAt = sendAt == null ? "" : sendAt;
        sendAtLocal = sendAtLocal == null ? "" : sendAtLocal;
        media = media == null ? List.of() : media;
        confirmed = confirmed != null && confirmed;
    }

    /** Sent anyway, after being told that a colleague answered since the thread was shown. */
    boolean isConfirmed() {
        return confirmed;
    }

    boolean isNote() {
        return note;
    }

    boolean isForLater() {
        return !sendAt.isBlank();
    }

    /** The time picked: a button's, or the picker's. */
    String laterChoice() {
        return "picked".equals(sendAt) ? sendAtLocal : sendAt;
    }
}
