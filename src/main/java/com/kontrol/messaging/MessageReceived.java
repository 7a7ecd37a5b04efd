package com.kontrol.messaging;

/**
 * A text from outside was stored: in its customer's thread, or in the unassigned inbox when customerId is null.
 * Announced after the commit that stored it, outside any transaction (what must be written with the text listens to
 * {@link TextsReceived}), before the provider is answered.
 * {@code consentChanged} when the text was a STOP or START that changed the customer's consent (so it answers
 * nothing else); {@code providerAnswered} when the provider's own opt-out handling matched a keyword in it (STOP,
 * START, HELP) and has replied already.
 */
public record MessageReceived(Message message, boolean consentChanged, boolean providerAnswered) {}
