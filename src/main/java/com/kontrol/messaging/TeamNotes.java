package com.kontrol.messaging;

/** Notes for the team in a customer's thread, for other modules (the emergency line notes each page in it). */
public interface TeamNotes {

    /** Adds a note by {@code by} (a username, or the name of what wrote it); refuses an empty or too long one. */
    Message add(long customerId, String body, String by);
}
