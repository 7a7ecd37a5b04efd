package com.kontrol.twilio;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code kontrol.twilio.*}: the integration for deployments configured without the settings page. */
@ConfigurationProperties("kontrol.twilio")
record TwilioProperties(
        String accountSid,
        String authToken,
        String phoneNumber,
        @DefaultValue("https://api.twilio.com") String apiBaseUrl,
        String messagingServiceSid) {

    boolean isComplete() {
        return notBlank(accountSid) && notBlank(authToken) && notBlank(phoneNumber);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return "TwilioProperties[accountSid=" + accountSid + ", authToken=" + (authToken == null ? "none" : "(set)")
                + ", phoneNumber=" + phoneNumber + ", apiBaseUrl=" + apiBaseUrl + ", messagingServiceSid="
                + messagingServiceSid + "]";
    }
}
