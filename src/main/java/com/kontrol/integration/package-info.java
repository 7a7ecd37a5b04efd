/**
 * Integrations: outgoing webhooks. An admin subscribes a URL of another system to Kontrol's events (a text arrived,
 * a status moved, a conversation was assigned, a customer opted out, an approval was decided); each event becomes a
 * signed JSON delivery in a durable queue, posted after the commit that made it and retried for a day.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Integrations")
package com.kontrol.integration;
