package com.kontrol.messaging;

/** A conversation of the unassigned inbox was assigned, dismissed, blocked or restored, or an unknown number called. */
public record InboxChanged(String phone) {}
