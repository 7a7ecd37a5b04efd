package com.kontrol.messaging;

/** A customer asked for no more texts (or asked for them again, when {@code optedOut} is false). */
public record CustomerOptedOut(long customerId, boolean optedOut, String reason) {}
