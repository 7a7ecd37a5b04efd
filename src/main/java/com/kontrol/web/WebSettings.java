package com.kontrol.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code kontrol.public-url}: the base URL Twilio and customers reach Kontrol at, when it differs from the request's. */
@ConfigurationProperties("kontrol")
record WebSettings(String publicUrl) {}
