package com.kontrol.messaging;

/**
 * Texts were written into a customer's thread all at once rather than one at a time (the demo data; later, an
 * import): what is kept per conversation (its last activity, whether and since when the customer waits) is worked out
 * from them, in the same transaction.
 */
public record ThreadLoaded(long customerId) {}
