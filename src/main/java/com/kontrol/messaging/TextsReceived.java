package com.kontrol.messaging;

import java.util.List;

/**
 * The texts that one commit stores, together, announced in that transaction: for what must be written with them (the
 * team inbox's conversations, outgoing webhook deliveries, live updates), a group's rows in one round trip. Each text
 * is announced again on its own after the commit ({@link MessageReceived}).
 */
public record TextsReceived(List<MessageReceived> texts) {}
