package com.kontrol.twilio;

import com.kontrol.twilio.sandbox.Sandbox;
import com.kontrol.web.ConfirmedPublicUrl;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The public URL is confirmed with the Twilio account; without an account, sandbox texts never leave the machine. */
@Component
class TwilioPublicUrl implements ConfirmedPublicUrl {

    private final TwilioAccounts accounts;
    private final Sandbox sandbox;

    TwilioPublicUrl(TwilioAccounts accounts, Sandbox sandbox) {
        this.accounts = accounts;
        this.sandbox = sandbox;
    }

    @Override
    public Optional<String> confirmed() {
        return accounts.current().map(TwilioAccount::publicUrl);
    }

    @Override
    public boolean localOnly() {
        return sandbox.isActive();
    }
}
