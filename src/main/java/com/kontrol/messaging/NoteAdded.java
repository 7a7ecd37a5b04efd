package com.kontrol.messaging;

import java.util.Set;

/**
 * A note was written in a customer's thread (never sent): open threads show it, and a mention reaches Mine (and the
 * devices of those {@code mentioned}: usernames, never the note's author).
 */
public record NoteAdded(Message note, Set<String> mentioned) {}
