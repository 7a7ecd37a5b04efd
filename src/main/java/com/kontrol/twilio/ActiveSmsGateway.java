package com.kontrol.twilio;

import com.kontrol.messaging.SmsGateway;
import com.kontrol.twilio.sandbox.Sandbox;
import com.kontrol.twilio.sandbox.SandboxSmsGateway;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/** The gateway in use: Twilio once an account is set up, the sandbox until then. */
@Component
@Primary
class ActiveSmsGateway implements SmsGateway {

    private final TwilioSmsGateway twilio;
    private final SandboxSmsGateway sandboxGateway;
    private final Sandbox sandbox;

    ActiveSmsGateway(TwilioSmsGateway twilio, SandboxSmsGateway sandboxGateway, Sandbox sandbox) {
        this.twilio = twilio;
        this.sandboxGateway = sandboxGateway;
        this.sandbox = sandbox;
    }

    private SmsGateway active() {
        return sandbox.isActive() ? sandboxGateway : twilio;
    }

    @Override
    public Optional<String> senderNumber() {
        return active().senderNumber();
    }

    @Override
    public boolean isPool(String sender) {
        return twilio.isPool(sender); // a text's sender is a number or a Messaging Service, whichever gateway sent it
    }

    @Override
    public boolean isSandbox() {
        return sandbox.isActive();
    }

    @Override
    public SendOutcome send(OutgoingText text) {
        return active().send(text);
    }

    @Override
    public SendOutcome lookUp(OutgoingText text, OffsetDateTime since) {
        return active().lookUp(text, since);
    }
}
