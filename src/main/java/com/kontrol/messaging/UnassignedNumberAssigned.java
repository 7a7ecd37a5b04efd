package com.kontrol.messaging;

/**
 * A number of the unassigned inbox was given to a customer ({@code by}: who): its texts joined their thread, in the
 * transaction that moved them, so that what is kept per conversation is rebuilt with them.
 */
public record UnassignedNumberAssigned(String phone, long customerId, String by) {}
