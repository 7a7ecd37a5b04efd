/**
 * Alerts while the office is open: a customer's text raises a browser notification for its owner (or everyone who
 * opted in, when it has none) and, for those who chose it, an e-mail; a text that waits unanswered for
 * {@code kontrol.alerts.unanswered-minutes} of business hours e-mails the owner and the admins. E-mail goes from a
 * durable queue after the deciding transaction commits.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Alerts")
package com.kontrol.alert;
