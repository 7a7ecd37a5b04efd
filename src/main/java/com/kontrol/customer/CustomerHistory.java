package com.kontrol.customer;

/**
 * Whether a customer has a history that must outlive them (texts, jobs): such a customer is archived rather than
 * deleted. Implemented by the modules that keep the history, which know their own tables.
 */
public interface CustomerHistory {

    boolean has(long customerId);
}
