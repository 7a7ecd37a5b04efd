package com.kontrol.twilio;

import com.kontrol.messaging.BusinessNumbers;
import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.Domains;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The setup assistant's part for Messaging Services and A2P 10DLC: whether the service's incoming-message URL reaches
 * Kontrol and whether it overrides its numbers' own webhooks (then a number's webhook is never used: Chatwoot's
 * "overridden by messaging service"), which numbers are in its sender pool, and whether the sending number is in a
 * service with a registered A2P campaign (US carriers filter unregistered 10DLC traffic: texts fail with 30034).
 */
@Component
class MessagingServiceAssistant {

    static final String A2P_CONSOLE =
            "https://console.twilio.com/us1/develop/sms/regulatory-compliance/a2p-10dlc-overview";
    static final String SERVICE_WEBHOOK_CHECK = "Messaging Service webhook";

    // A US or Canadian local number (10DLC), not toll-free: the numbers A2P registration is about.
    private static final Pattern LONG_CODE = Pattern.compile("\\+1(?!800|833|844|855|866|877|888)\\d{10}");

    private final TwilioClients clients;
    private final BusinessNumbers businessNumbers;

    MessagingServiceAssistant(TwilioClients clients, BusinessNumbers businessNumbers) {
        this.clients = clients;
        this.businessNumbers = businessNumbers;
    }

    /** A refusal to save {@code sid} (no such service on the account), or empty when Twilio knows it. */
    Optional<String> refusal(TwilioAccount account, String sid) {
        try {
            var answer = get(clients.of(account), "/v1/Services/" + sid);
            if (answer.status() == 200) {
                return Optional.empty();
            }
            return Optional.of(
                    answer.status() == 404
                            ? "Twilio knows no Messaging Service " + sid + " on account " + account.accountSid() + "."
                            : "Twilio answered " + answer.status() + " for Messaging Service " + sid
                                    + "; try again shortly.");
        } catch (ApiConnectionException e) {
            return Optional.of("Kontrol could not reach Twilio: " + e.getMessage());
        }
    }

    /** The checks of the service texts go out through; its pool's numbers become business numbers. */
    List<SetupCheck> checkService(TwilioAccount account, String sid, String webhookUrl) {
        var rest = clients.of(account);
        var checks = new ArrayList<SetupCheck>();
        try {
            var service = get(rest, "/v1/Services/" + sid);
            if (service.status() != 200) {
                checks.add(new SetupCheck(
                        "Messaging Service", false, refusal(account, sid).orElse("Not found.")));
                return checks;
            }
            var name = service.json().path("friendly_name").asString(sid);
            checks.add(new SetupCheck(
                    "Messaging Service",
                    true,
                    "Texts go out through \"" + name + "\" (" + sid
                            + "): Twilio picks the sending number (sticky sender)."));
            var ownWebhooks =
                    service.json().path("use_inbound_webhook_on_number").asBoolean(false);
            var url = service.json().path("inbound_request_url").asString("");
            var method = service.json().path("inbound_method").asString("POST");
            if (ownWebhooks) {
                checks.add(new SetupCheck(
                        SERVICE_WEBHOOK_CHECK,
                        true,
                        "The service leaves incoming texts to each number's own webhook (\"Use inbound webhook on"
                                + " number\"): the number checks above apply."));
            } else if (webhookUrl.equals(WebhookRetries.requested(url)) && "POST".equalsIgnoreCase(method)) {
                checks.add(new SetupCheck(
                        SERVICE_WEBHOOK_CHECK,
                        true,
                        "Incoming texts to the service's numbers are posted to " + webhookUrl + "."));
                checks.addAll(TwilioSetupAssistant.retryChecks(
                        url, service.json().path("fallback_url").asString(""), webhookUrl));
            } else {
                checks.add(new SetupCheck(
                        SERVICE_WEBHOOK_CHECK,
                        false,
                        (url.isBlank()
                                        ? "The service has no incoming-message URL"
                                        : "The service posts incoming texts to " + url + " (" + method + ")")
                                + ", and it overrides its numbers' own webhooks, so texts never reach Kontrol. Use"
                                + " \"Point the service at Kontrol\"."));
            }
            var pool = new ArrayList<String>();
            for (var n : get(rest, "/v1/Services/" + sid + "/PhoneNumbers?PageSize=1000")
                    .json()
                    .path("phone_numbers")) {
                var phone = n.path("phone_number").asString("");
                if (!phone.isBlank()) {
                    pool.add(phone);
                    businessNumbers.arrivedOn(phone); // listed on the settings page, to label
                }
            }
            checks.add(new SetupCheck(
                    "Sender pool",
                    !pool.isEmpty(),
                    pool.isEmpty()
                            ? "The service has no phone numbers: add the business's numbers to its sender pool."
                            : pool.size() + (pool.size() == 1 ? " number: " : " numbers: ") + String.join(", ", pool)
                                    + "."));
            checks.add(a2p(rest, sid, name));
        } catch (ApiConnectionException e) {
            checks.add(new SetupCheck("Reaching Twilio", false, "Kontrol could not reach Twilio: " + e.getMessage()));
        }
        return checks;
    }

    /**
     * Without a Messaging Service in Kontrol: whether the sending number sits in one of the account's services (the
     * first 50) with an A2P campaign. Empty for a number A2P 10DLC is not about (toll-free, short code, outside NANP).
     */
    Optional<SetupCheck> a2pOfNumber(TwilioAccount account) {
        if (!LONG_CODE.matcher(account.phoneNumber()).matches()) {
            return Optional.empty();
        }
        var rest = clients.of(account);
        try {
            for (var s : get(rest, "/v1/Services?PageSize=50").json().path("services")) {
                var sid = s.path("sid").asString("");
                for (var n : get(rest, "/v1/Services/" + sid + "/PhoneNumbers?PageSize=1000")
                        .json()
                        .path("phone_numbers")) {
                    if (account.phoneNumber().equals(n.path("phone_number").asString(""))) {
                        return Optional.of(
                                a2p(rest, sid, s.path("friendly_name").asString(sid)));
                    }
                }
            }
            return Optional.of(new SetupCheck(
                    "A2P 10DLC",
                    false,
                    account.phoneNumber() + " is in no Messaging Service, so it has no A2P 10DLC campaign: US carriers"
                            + " filter or block its texts (error 30034). Register a brand and a campaign and add the"
                            + " number to the campaign's Messaging Service: " + A2P_CONSOLE));
        } catch (ApiConnectionException e) {
            return Optional.of(new SetupCheck("A2P 10DLC", false, "Kontrol could not reach Twilio: " + e.getMessage()));
        }
    }

    private static SetupCheck a2p(TwilioRestClient rest, String sid, String name) {
        var answer = get(rest, "/v1/Services/" + sid + "/Compliance/Usa2p");
        var campaigns = answer.json().path("compliance");
        if (answer.status() != 200 || campaigns.isEmpty()) {
            return new SetupCheck(
                    "A2P 10DLC",
                    false,
                    "\"" + name + "\" has no A2P 10DLC campaign: US carriers filter or block texts from its local"
                            + " numbers (error 30034). Register a brand and a campaign for it: " + A2P_CONSOLE);
        }
        var campaign = campaigns.get(0);
        var status = campaign.path("campaign_status").asString("unknown");
        var ok = "VERIFIED".equalsIgnoreCase(status);
        return new SetupCheck(
                "A2P 10DLC",
                ok,
                ok
                        ? "Campaign " + campaign.path("sid").asString("") + " ("
                                + campaign.path("us_app_to_person_usecase").asString("") + ") is verified."
                        : "The campaign of \"" + name + "\" is " + status.toLowerCase(Locale.ROOT)
                                + ": until carriers verify it, texts may be filtered (30034). See " + A2P_CONSOLE);
    }

    /**
     * Sets the service's incoming-message URL and its Fallback URL to Kontrol's, method POST, with connection overrides
     * that ask for retries ({@link WebhookRetries}).
     */
    SetupCheck pointServiceAtKontrol(TwilioAccount account, String sid, String webhookUrl) {
        var request = new Request(HttpMethod.POST, Domains.MESSAGING.toString(), "/v1/Services/" + sid);
        request.addPostParam("InboundRequestUrl", WebhookRetries.withRetries(webhookUrl));
        request.addPostParam("InboundMethod", "POST");
        request.addPostParam("FallbackUrl", WebhookRetries.withRetries(webhookUrl));
        request.addPostParam("FallbackMethod", "POST");
        try {
            var response = clients.of(account).request(request);
            return response.getStatusCode() == 200
                    ? new SetupCheck(
                            SERVICE_WEBHOOK_CHECK,
                            true,
                            "Set to " + webhookUrl + " (POST), also as the Fallback URL, with retries on a timeout or"
                                    + " a 5xx.")
                    : new SetupCheck(
                            SERVICE_WEBHOOK_CHECK,
                            false,
                            "Twilio answered " + response.getStatusCode() + ": " + response.getContent());
        } catch (ApiConnectionException e) {
            return new SetupCheck(SERVICE_WEBHOOK_CHECK, false, "Kontrol could not reach Twilio: " + e.getMessage());
        }
    }

    private record Answer(int status, JsonNode json) {}

    private static Answer get(TwilioRestClient rest, String pathAndQuery) {
        var q = pathAndQuery.indexOf('?');
        var request = new Request(
                HttpMethod.GET, Domains.MESSAGING.toString(), q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        if (q >= 0) {
            for (var pair : pathAndQuery.substring(q + 1).split("&")) {
                var kv = pair.split("=", 2);
                request.addQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        var response = rest.request(request);
        JsonNode json;
        try {
            json = JsonMapper.shared().readTree(response.getContent() == null ? "{}" : response.getContent());
        } catch (RuntimeException e) {
            json = JsonMapper.shared().createObjectNode();
        }
        return new Answer(response.getStatusCode(), json);
    }
}
