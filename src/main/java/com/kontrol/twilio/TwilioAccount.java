package com.kontrol.twilio;

import java.time.OffsetDateTime;

/**
 * The Twilio account Kontrol uses, wherever it was configured, with the public URL an admin confirmed for it (null
 * until then). Its {@link #toString} never shows the token, so that a
 * stray log line cannot leak it.
 */
record TwilioAccount(
        String accountSid,
        String authToken,
        String phoneNumber,
        String publicUrl,
        Source source,
        String updatedBy,
        OffsetDateTime updatedAt) {

    enum Source {
        SETTINGS_PAGE,
        CONFIGURATION
    }

    /** The token as the settings page shows it: enough to recognise, never enough to use. */
    String maskedToken() {
        if (authToken == null || authToken.length() < 8) {
            return "••••••••";
        }
        return "••••••••••••" + authToken.substring(authToken.length() - 4);
    }

    @Override
    public String toString() {
        return "TwilioAccount[accountSid=" + accountSid + ", phoneNumber=" + phoneNumber + ", source=" + source + "]";
    }
}
