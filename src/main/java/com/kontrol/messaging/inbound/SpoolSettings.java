package com.kontrol.messaging.inbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code kontrol.spool.max-size}: how large the outage spool may grow (then webhooks are refused with 503, as without
 * it); {@code kontrol.spool.wait-for-database}: how long a webhook waits for the database before its text goes to the spool
 * instead (well inside Twilio's 15 s).
 */
@ConfigurationProperties("kontrol.spool")
record SpoolSettings(
        @DefaultValue("256MB") DataSize maxSize,
        @DefaultValue("4s") Duration waitForDatabase) {}
