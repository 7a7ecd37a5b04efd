package com.kontrol.messaging;

/** A picture or file that came with an MMS. */
public record Media(String url, String contentType) {

    public boolean isImage() {
        return contentType != null && contentType.startsWith("image/");
    }
}
