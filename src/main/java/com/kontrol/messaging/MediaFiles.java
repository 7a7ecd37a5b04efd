package com.kontrol.messaging;

import java.util.Optional;

/**
 * The bytes of a customer's picture or file that the provider keeps (an MMS's media), for what embeds them rather than
 * links to them: an exported conversation. Implemented where the provider is known ({@code twilio}).
 */
public interface MediaFiles {

    record MediaFile(String contentType, byte[] bytes) {}

    /** Empty when it cannot be had now: no such media, a file Kontrol keeps itself, too large, the provider away. */
    Optional<MediaFile> read(long messageId, int position);
}
