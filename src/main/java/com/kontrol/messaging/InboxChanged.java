package com.kontrol.messaging;

/** A conversation of the unassigned inbox was assigned, dismissed, blocked or restored. */
public record InboxChanged(String phone) {}
