package com.kontrol.messaging;

/** A conversation got a new owner ({@code owner} null: nobody), by {@code by}; {@code previousOwner} had it before. */
public record ConversationAssigned(long customerId, String owner, String previousOwner, String by) {}
