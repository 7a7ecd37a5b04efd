package com.kontrol.integration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kontrol.webhooks.allow-private-targets}: whether subscriptions may post to loopback and private addresses
 * (false: only public ones).
 */
@ConfigurationProperties("kontrol.webhooks")
record WebhookSettings(@DefaultValue("false") boolean allowPrivateTargets) {}
