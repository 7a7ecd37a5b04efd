package com.kontrol.messaging;

/**
 * Something that writes to the database on {@link TextsReceived}, in the transaction that stores the texts (outgoing
 * webhooks queue their deliveries there). While one {@link #writesOnTextsReceived has something to write}, the intake
 * stores customers' texts in a transaction; while none has, a group's texts and their conversations go in one
 * statement that commits on its own: one round trip to the database instead of three.
 */
public interface TextsReceivedWriter {

    /** Whether {@link TextsReceived} would make this write now. */
    boolean writesOnTextsReceived();
}
