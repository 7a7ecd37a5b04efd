package com.kontrol.twilio;

import com.twilio.http.TwilioRestClient;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The SDK's REST client for the account in use, pointed at {@code kontrol.twilio.api-base-url}; remade when the account changes. */
@Component
class TwilioClients {

    private record Client(String sid, String token, TwilioRestClient rest) {}

    private final TwilioAccounts accounts;
    private final TwilioProperties properties;
    private volatile Client client;

    TwilioClients(TwilioAccounts accounts, TwilioProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    Optional<TwilioRestClient> current() {
        return accounts.current().map(this::of);
    }

    /** A client for these credentials (the settings page checks an account before it is saved). */
    TwilioRestClient of(TwilioAccount account) {
        var c = client;
        if (c == null || !c.sid().equals(account.accountSid()) || !c.token().equals(account.authToken())) {
            c = new Client(
                    account.accountSid(),
                    account.authToken(),
                    new TwilioRestClient.Builder(account.accountSid(), account.authToken())
                            .httpClient(new TwilioHttp(properties.apiBaseUrl()))
                            .build());
            client = c;
        }
        return c.rest();
    }
}
