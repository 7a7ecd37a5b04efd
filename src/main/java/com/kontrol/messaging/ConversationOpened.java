package com.kontrol.messaging;

/** Someone read a customer's thread in Kontrol (opened the SMS tab, or marked it read through the API). */
public record ConversationOpened(long customerId, String username) {}
