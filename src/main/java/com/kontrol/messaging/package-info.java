/**
 * The conversation with customers: every text in either direction ({@link com.kontrol.messaging.Message}, read by
 * {@link com.kontrol.messaging.Messages}), the events that announce them, and the port to an SMS provider
 * ({@link com.kontrol.messaging.SmsGateway}). Its rooms: {@code inbound} (texts and delivery reports in),
 * {@code outbound} (the outbox and its worker), {@code unassigned} (numbers that match no customer), {@code thread} (the SMS
 * tab and the thread API), {@code conversation} (the team's state of a conversation), {@code consent} (texts that
 * may take back consent, for staff to decide), {@code search} (the search box, its page and API), {@code calls} (calls to the business number in the thread), {@code workspace} (the inbox, a thread and its customer on one screen), {@code export} (a conversation as PDF or CSV, for a dispute) and {@code retention}
 * (redacting old texts, here and at the provider).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Messaging")
package com.kontrol.messaging;
