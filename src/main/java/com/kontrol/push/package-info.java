/**
 * Web Push (issue 35): a person's devices get a notification with Kontrol closed, through their browser's push service
 * (RFC 8030, encrypted per RFC 8291, signed with the server's VAPID key per RFC 8292): a customer's text in their
 * conversation, a mention, an assignment, an emergency page, a visit's answer. Decided in the transaction of what
 * caused it, sent from a durable queue after the commit.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Push")
package com.kontrol.push;
