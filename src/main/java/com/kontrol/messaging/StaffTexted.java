package com.kontrol.messaging;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Someone on the team texted a business number from the mobile number on their profile ({@code usernames}: the
 * enabled accounts with that number, usually one). Such a text is a command for Kontrol ("OMW 20", "OK" to a page),
 * stored once as {@code staffTextId} and never part of a customer's thread or the unassigned inbox.
 */
public record StaffTexted(
        long staffTextId, List<String> usernames, String from, String to, String body, OffsetDateTime receivedAt) {}
