package com.kontrol.messaging.consent;

/** A text of the customer's now waits for a consent decision, or one was decided: their open thread shows it. */
public record ConsentReviewsChanged(long customerId) {}
