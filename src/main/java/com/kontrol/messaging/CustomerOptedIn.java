package com.kontrol.messaging;

/**
 * One of a customer's numbers that had opted out may be texted again ({@code why}: how, and the number; {@code by}:
 * who, as for opting out). The customer may still have another number that has not.
 */
public record CustomerOptedIn(long customerId, String why, String by) {}
