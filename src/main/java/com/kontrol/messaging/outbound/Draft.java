package com.kontrol.messaging.outbound;

/**
 * The text as it would be sent, with its length and segments, or why it cannot be sent. {@code files}: how many
 * pictures or PDFs go with it; with any, it is one MMS, whatever its length.
 */
public record Draft(String text, SmsSegments.Count count, String error, int files) {

    Draft(String text, SmsSegments.Count count, String error) {
        this(text, count, error, 0);
    }

    public boolean ok() {
        return error == null;
    }

    public boolean mms() {
        return files > 0;
    }

    Draft withFiles(int n) {
        return new Draft(text, count, error, n);
    }
}
