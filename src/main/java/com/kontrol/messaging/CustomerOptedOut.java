package com.kontrol.messaging;

/** A customer asked for no more texts ({@code why}: their reply, or the provider's report); nothing is sent to them. */
public record CustomerOptedOut(long customerId, String why) {}
