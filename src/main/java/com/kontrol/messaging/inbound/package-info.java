/**
 * What the SMS provider delivers: texts, routed to a customer's thread or to the unassigned inbox and stored once
 * however often they are retried (texts arriving together share a commit); STOP and START; delivery reports, which
 * only ever move a status forward. {@link com.kontrol.messaging.inbound.MessageIntake} is the door a provider's
 * webhooks use.
 */
@org.springframework.modulith.NamedInterface("inbound")
package com.kontrol.messaging.inbound;
