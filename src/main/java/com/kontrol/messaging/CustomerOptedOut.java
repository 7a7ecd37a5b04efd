package com.kontrol.messaging;

/**
 * One of a customer's numbers asked for no more texts ({@code why}: how, and the number; {@code by}: who, for the
 * audit log: {@code customer}, {@code carrier} or a staff member); nothing is sent to them.
 */
public record CustomerOptedOut(long customerId, String why, String by) {}
