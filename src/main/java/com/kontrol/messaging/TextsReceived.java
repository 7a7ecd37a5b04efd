package com.kontrol.messaging;

import java.util.List;

/**
 * The texts that one commit stores, together, announced in that transaction: for what must be written with them (the
 * team inbox's conversations, outgoing webhook deliveries, live updates), a group's rows in one round trip. Each text
 * is announced again on its own after the commit ({@link MessageReceived}).
 *
 * <p>{@code conversationsKept}: the statement that stored the texts also kept their conversations and committed on its
 * own (the intake's one-round-trip path, taken only while no {@link TextsReceivedWriter} has anything to write).
 */
public record TextsReceived(List<MessageReceived> texts, boolean conversationsKept) {}
