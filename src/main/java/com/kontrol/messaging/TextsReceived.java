package com.kontrol.messaging;

import java.util.List;

/**
 * The texts that one commit stored, together, announced before each one's own {@link MessageReceived}: what keeps a
 * row per text up to date (the team inbox's conversations) writes a group's rows in one round trip.
 */
public record TextsReceived(List<MessageReceived> texts) {}
