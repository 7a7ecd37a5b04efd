package com.kontrol.messaging;

/**
 * The provider's own copies of texts (Twilio keeps every body and picture until it is told to delete them): data
 * retention deletes them there too when an admin asks for it.
 */
public interface ProviderCopies {

    /** What became of one deletion. */
    enum Deletion {
        /** Deleted, or already gone. */
        DELETED,
        /** The provider cannot delete it yet (it is still being processed): try again later. */
        NOT_YET,
        /** Refused (credentials, permissions, the network): try again later, a limited number of times. */
        FAILED
    }

    /** False while there is no provider account (sandbox SMS): nothing is kept by a vendor. */
    boolean available();

    /** Deletes the provider's copy of a text by its SID, its media first when it had any. */
    Deletion delete(String sid, boolean hadMedia);
}
