/**
 * Consent beyond the carrier keywords: the FCC's 2025 rule lets a customer take back consent "by any reasonable
 * means", so a text that plausibly does ("stop texting me", "wrong number", "no más") is flagged for staff to decide,
 * with the rule's deadline; every decision is audited. Other rooms see the open reviews ({@link
 * com.kontrol.messaging.consent.ConsentReviews}).
 */
@org.springframework.modulith.NamedInterface("consent")
package com.kontrol.messaging.consent;
