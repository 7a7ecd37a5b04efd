package com.kontrol.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kontrol.public-url}: the base URL Twilio and customers reach Kontrol at, when it differs from the request's;
 * {@code kontrol.time-zone}: the zone times are shown in (an IANA name such as America/Los_Angeles).
 */
@ConfigurationProperties("kontrol")
record WebSettings(String publicUrl, String timeZone) {}
