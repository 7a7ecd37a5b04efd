package com.kontrol.twilio.sandbox;

import com.kontrol.twilio.TwilioAccounts;
import com.kontrol.twilio.TwilioConnections;
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
    private final TwilioConnections connections;

    Sandbox(TwilioAccounts accounts, TwilioConnections connections) {
        this.accounts = accounts;
        this.connections = connections;
        var bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
    }

    /** True while no real Twilio account is set up. */
    public boolean isActive() {
        return !accounts.isSetUp();
    }

    /**
     * True while the sandbox runs on a database that has been connected to Twilio (and was disconnected): its customers
     * are real people, so texting as them is a simulation, for admins only.
     */
    public boolean simulatesProduction() {
        return isActive() && connections.ever();
    }

    /** Whether this person may use the Dev Phone now. */
    public boolean devPhoneFor(boolean admin) {
        return isActive() && (admin || !connections.ever());
    }

    public String token() {
        return token;
    }
}
