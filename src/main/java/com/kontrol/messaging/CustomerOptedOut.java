package com.kontrol.messaging;

/**
 * A customer asked for no more texts ({@code why}: their reply, or the provider's report; {@code by}: who, for the
 * audit log: {@code customer}, {@code carrier} or a staff member); nothing is sent to them.
 */
public record CustomerOptedOut(long customerId, String why, String by) {}
