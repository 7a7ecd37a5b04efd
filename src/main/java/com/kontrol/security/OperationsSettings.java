package com.kontrol.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code kontrol.metrics.token}: the bearer token a metrics scraper sends to {@code /actuator/prometheus}. */
@ConfigurationProperties("kontrol.metrics")
record OperationsSettings(String token) {}
