package com.kontrol.customer;

/**
 * A customer was created, changed, archived or deleted through the API (issue 36), in the transaction that did it:
 * the outgoing webhook {@code customer.changed} tells integrations. {@code change}: created, updated, archived, deleted.
 */
public record CustomerChanged(long customerId, String externalRef, String change, String by) {}
