package com.kontrol.twilio;

import com.kontrol.messaging.SmsGateway;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sends texts through Twilio's Messages API with the official SDK, from the business number. */
@Component
class TwilioSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(TwilioSmsGateway.class);

    private final TwilioAccounts accounts;
    private final TwilioClients clients;
    private final MessagingServices services;
    private final TwilioErrors errors;

    TwilioSmsGateway(TwilioAccounts accounts, TwilioClients clients, TwilioErrors errors, MessagingServices services) {
        this.services = services;
        this.accounts = accounts;
        this.clients = clients;
        this.errors = errors;
    }

    @Override
    public Optional<String> senderNumber() {
        var account = accounts.current();
        if (account.isEmpty()) {
            return Optional.empty();
        }
        return services.current().or(() -> account.map(TwilioAccount::phoneNumber));
    }

    @Override
    public SendOutcome send(OutgoingText text) {
        var rest = rest();
        if (rest.isEmpty()) {
            return new SendOutcome.RetryLater("Twilio is not set up", false);
        }
        try {
            // Through a Messaging Service: MessagingServiceSid and no From; Twilio picks the number.
            var creator = isPool(text.from())
                    ? Message.creator(new PhoneNumber(text.to()), text.from(), text.body())
                    : Message.creator(new PhoneNumber(text.to()), new PhoneNumber(text.from()), text.body());
            if (!text.mediaUrls().isEmpty()) {
                creator.setMediaUrl(text.mediaUrls().stream().map(URI::create).toList());
            }
            if (text.publicBaseUrl() != null) {
                creator.setStatusCallback(URI.create(text.publicBaseUrl() + WebhookPaths.STATUS));
            }
            var message = creator.create(rest.get());
            return new SendOutcome.Accepted(
                    message.getSid(),
                    status(message),
                    message.getFrom() == null ? null : message.getFrom().toString());
        } catch (ApiException e) {
            return outcomeOf(e);
        } catch (TwilioHttp.Unreachable e) {
            return new SendOutcome.RetryLater(e.getMessage(), e.mayHaveArrived);
        } catch (ApiConnectionException e) {
            return new SendOutcome.RetryLater(e.getMessage(), true);
        } catch (RuntimeException e) {
            log.warn("Unexpected answer from Twilio to message {}", text.messageId(), e);
            return new SendOutcome.RetryLater("an unexpected answer from Twilio", true);
        }
    }

    @Override
    public SendOutcome lookUp(OutgoingText text, OffsetDateTime since) {
        var rest = rest();
        if (rest.isEmpty()) {
            return new SendOutcome.RetryLater("Twilio is not set up", false);
        }
        try {
            var reader = Message.reader().setTo(new PhoneNumber(text.to()));
            if (!isPool(text.from())) {
                reader.setFrom(new PhoneNumber(text.from()));
            }
            var page = reader.setPageSize(50L).firstPage(rest.get());
            var matches = new ArrayList<SendOutcome.Accepted>();
            for (var m : page.getRecords()) {
                var created = m.getDateCreated();
                if (text.body().equals(m.getBody())
                        && (!isPool(text.from()) || text.from().equals(m.getMessagingServiceSid()))
                        && (created == null || !created.toOffsetDateTime().isBefore(since))) {
                    matches.add(new SendOutcome.Accepted(m.getSid(), status(m)));
                }
            }
            return new SendOutcome.Found(matches);
        } catch (ApiException e) {
            return new SendOutcome.RetryLater("Twilio could not list messages (" + e.getStatusCode() + ")", true);
        } catch (ApiConnectionException e) {
            return new SendOutcome.RetryLater(e.getMessage(), true);
        } catch (RuntimeException e) {
            log.warn("Unexpected answer from Twilio listing messages", e);
            return new SendOutcome.RetryLater("an unexpected answer from Twilio", true);
        }
    }

    /** 429 is never processed and always safe to retry; a 5xx may have been; anything else is Twilio's final word. */
    private SendOutcome outcomeOf(ApiException e) {
        int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
        Integer code = e.getCode();
        if (status == 429 || Integer.valueOf(20429).equals(code)) {
            return new SendOutcome.RetryLater("Twilio is throttling requests (429)", false);
        }
        if (status >= 500 || status == 0) {
            return new SendOutcome.RetryLater("Twilio answered " + status, true);
        }
        if (status == 401 || Integer.valueOf(20003).equals(code)) {
            return new SendOutcome.RetryLater("Twilio refused the Account SID and Auth Token (20003)", false);
        }
        int known = code == null ? status : code;
        var explanation = errors.explain(known, e.getMessage());
        return known == TwilioErrors.UNSUBSCRIBED_RECIPIENT
                ? SendOutcome.Refused.optedOut(known, explanation)
                : SendOutcome.Refused.of(known, explanation);
    }

    /** A Messaging Service's SID ({@code MG…}) rather than a number: Twilio chooses the sending number. */
    @Override
    public boolean isPool(String sender) {
        return sender != null && MessagingServices.SID.matcher(sender).matches();
    }

    private static String status(Message message) {
        return message.getStatus() == null ? "queued" : message.getStatus().toString();
    }

    private Optional<TwilioRestClient> rest() {
        return clients.current();
    }
}
