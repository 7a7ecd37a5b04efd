package com.kontrol.messaging;

/** A customer who had opted out asked for texts again ({@code why}: their reply). */
public record CustomerOptedIn(long customerId, String why) {}
