package com.kontrol.messaging;

/** A customer who had opted out asked for texts again ({@code why}: their reply; {@code by}: who, as for opting out). */
public record CustomerOptedIn(long customerId, String why, String by) {}
