/**
 * Texts on their way out: {@link com.kontrol.messaging.outbound.Outbox} checks a text (shortcodes, length, consent, a
 * provider) and writes it as {@code queued} in the caller's transaction; the worker claims, paces, sends and retries
 * it. Notifications and replies both go through here.
 */
@org.springframework.modulith.NamedInterface("outbound")
package com.kontrol.messaging.outbound;
