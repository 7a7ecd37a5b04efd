package com.kontrol.messaging.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kontrol.sms.*} for sending: {@code messages-per-second} paces each sender number (Twilio sends one segment a
 * second from a US long code; 0 turns the pace off), {@code toll-free-messages-per-second} (3, Twilio's default for a
 * toll-free number) and {@code short-code-messages-per-second} (100) pace those kinds of number; a Messaging Service
 * is not paced here (Twilio queues for its numbers), {@code senders} is how many sends run at once, and
 * {@code company-name} fills {@code {{company_name}}}.
 */
@ConfigurationProperties("kontrol.sms")
record MessagingSettings(
        @DefaultValue("1") double messagesPerSecond,
        @DefaultValue("3") double tollFreeMessagesPerSecond,
        @DefaultValue("100") double shortCodeMessagesPerSecond,
        @DefaultValue("8") int senders,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("Kontrol") String companyName) {}
