package com.kontrol.phone;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code kontrol.sms.default-region}: the region of numbers typed without a country code. */
@ConfigurationProperties("kontrol.sms")
record PhoneSettings(@DefaultValue("US") String defaultRegion) {}
