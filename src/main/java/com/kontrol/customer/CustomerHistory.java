package com.kontrol.customer;

import java.util.Collection;
import java.util.Set;

/**
 * Whether a customer has a history that must outlive them (texts, jobs): such a customer is archived rather than
 * deleted. Implemented by the modules that keep the history, which know their own tables.
 */
public interface CustomerHistory {

    boolean has(long customerId);

    /** Those of these customers (at most a thousand) who have a history. */
    Set<Long> among(Collection<Long> customerIds);
}
