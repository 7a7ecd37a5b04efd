package com.kontrol.messaging.outbound;

/** A picture or PDF to send with a text, checked (and a picture made small enough) by {@link Attachments}. */
public record Attachment(String fileName, String contentType, byte[] data) {

    public boolean isImage() {
        return contentType.startsWith("image/");
    }
}
