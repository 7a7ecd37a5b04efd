package com.kontrol.messaging;

/** A note was written in a customer's thread (never sent): open threads show it, and a mention reaches Mine. */
public record NoteAdded(Message note) {}
