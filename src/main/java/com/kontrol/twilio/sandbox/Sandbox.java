package com.kontrol.twilio.sandbox;

import com.kontrol.twilio.TwilioAccounts;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Sandbox SMS, active while no Twilio account is set up: texts go to the built-in Dev Phone instead of Twilio, and
 * everything else (signed webhooks, routing, threads, live updates) runs exactly as in production. Its Auth Token is
 * made anew at each start and never leaves the process, so nobody outside can sign a sandbox webhook.
 */
@Component
public class Sandbox {

    /** The business number in the sandbox (Twilio's own test "from" number). */
    public static final String NUMBER = "+15005550006";

    public static final String ACCOUNT_SID = "AC" + "0".repeat(32);

    private final String token;
    private final TwilioAccounts accounts;

    Sandbox(TwilioAccounts accounts) {
        this.accounts = accounts;
        var bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
    }

    /** True while no real Twilio account is set up. */
    public boolean isActive() {
        return !accounts.isSetUp();
    }

    public String token() {
        return token;
    }
}
