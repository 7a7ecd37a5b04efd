package com.kontrol.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.Domains;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a Twilio account from Kontrol instead of the Twilio Console: the SID and token (the account resource), that
 * the number belongs to the account and can send and receive SMS (its incoming-phone-number resource), and where the
 * number's incoming texts go; and points that webhook at Kontrol. Every failure names its cause and the fix.
 */
@Component
class TwilioSetupAssistant {

    /** The number as Twilio has it. */
    record Number(
            String sid,
            String phoneNumber,
            boolean sms,
            String smsUrl,
            String smsMethod,
            String smsFallbackUrl,
            String voiceUrl,
            String voiceApplicationSid) {

        /** Whether incoming texts are posted to {@code webhookUrl} (with connection overrides or not). */
        boolean postsTo(String webhookUrl) {
            return webhookUrl.equals(WebhookRetries.requested(smsUrl)) && "POST".equalsIgnoreCase(smsMethod);
        }

        /** Whether nothing answers the number's calls yet: no voice URL and no TwiML App. */
        boolean callsGoNowhere() {
            return voiceUrl.isBlank() && voiceApplicationSid.isBlank();
        }
    }

    /** Kontrol's voice webhook beside its texts' one (issue 33). */
    static String voiceUrl(String webhookUrl) {
        return webhookUrl.replace(WebhookPaths.INBOUND, WebhookPaths.VOICE);
    }

    record Verification(List<SetupCheck> checks, Optional<Number> number) {
        boolean ok() {
            return checks.stream().allMatch(SetupCheck::ok);
        }
    }

    private final TwilioClients clients;

    TwilioSetupAssistant(TwilioClients clients) {
        this.clients = clients;
    }

    static final String WEBHOOK_CHECK = "Incoming texts webhook";
    static final String FALLBACK_CHECK = "Fallback URL";
    static final String RETRIES_CHECK = "Retries";
    static final String CALLS_CHECK = "Incoming calls webhook";

    /** Checks of where texts and calls go, which "Point the webhook at Kontrol" fixes: no reason to refuse an account. */
    private static final List<String> NEXT_STEPS = List.of(WEBHOOK_CHECK, FALLBACK_CHECK, RETRIES_CHECK, CALLS_CHECK);

    /**
     * What keeps Kontrol from texting with {@code account}, checked with Twilio before it is saved: a refused SID or
     * token, an inactive account, a number of another account or without SMS, or Twilio out of reach. Empty when it
     * can text (where the number's webhook points is the next step, not a reason to refuse).
     */
    Optional<SetupCheck> refusal(Verification verification) {
        return verification.checks().stream()
                .filter(c -> !c.ok() && !NEXT_STEPS.contains(c.what()))
                .findFirst();
    }

    Verification verify(TwilioAccount account, String webhookUrl) {
        var rest = clients.of(account);
        var checks = new ArrayList<SetupCheck>();
        try {
            var answer = get(rest, "/2010-04-01/Accounts/" + account.accountSid() + ".json");
            if (answer.status() == 401 || answer.code() == 20003) {
                checks.add(
                        new SetupCheck(
                                "Account SID and Auth Token",
                                false,
                                "Twilio refused them (20003). Copy both again from the Twilio Console; use the primary Auth Token, without spaces."));
                return new Verification(checks, Optional.empty());
            }
            if (answer.status() == 404) {
                checks.add(new SetupCheck(
                        "Account SID and Auth Token", false, "Twilio knows no account " + account.accountSid() + "."));
                return new Verification(checks, Optional.empty());
            }
            if (answer.status() != 200) {
                checks.add(new SetupCheck(
                        "Account SID and Auth Token",
                        false,
                        "Twilio answered " + answer.status() + "; try again shortly."));
                return new Verification(checks, Optional.empty());
            }
            var status = answer.json().path("status").asString("active");
            checks.add(new SetupCheck(
                    "Account SID and Auth Token",
                    "active".equals(status),
                    "active".equals(status)
                            ? "Accepted; the account is active."
                            : "The account is " + status + ": sending will fail."));

            var numbers = get(
                    rest,
                    "/2010-04-01/Accounts/" + account.accountSid() + "/IncomingPhoneNumbers.json?PhoneNumber="
                            + URLEncoder.encode(account.phoneNumber(), StandardCharsets.UTF_8));
            var found = Optional.<Number>empty();
            for (var n : numbers.json().path("incoming_phone_numbers")) {
                if (account.phoneNumber().equals(n.path("phone_number").asString(""))) {
                    found = Optional.of(new Number(
                            n.path("sid").asString(""),
                            n.path("phone_number").asString(""),
                            capability(n.path("capabilities"), "sms"),
                            n.path("sms_url").asString(""),
                            n.path("sms_method").asString("POST"),
                            n.path("sms_fallback_url").asString(""),
                            n.path("voice_url").asString(""),
                            n.path("voice_application_sid").asString("")));
                }
            }
            if (found.isEmpty()) {
                checks.add(
                        new SetupCheck(
                                "Phone number",
                                false,
                                account.phoneNumber()
                                        + " is not a number of this account. Check it under Phone Numbers > Manage > Active Numbers, or buy one."));
                return new Verification(checks, Optional.empty());
            }
            var number = found.get();
            checks.add(new SetupCheck("Phone number", true, number.phoneNumber() + " belongs to this account."));
            checks.add(
                    new SetupCheck(
                            "SMS capability",
                            number.sms(),
                            number.sms()
                                    ? "The number can send and receive SMS."
                                    : "The number cannot send or receive SMS: pick an SMS-capable number in the Twilio Console."));
            var pointsHere = number.postsTo(webhookUrl);
            checks.add(new SetupCheck(
                    WEBHOOK_CHECK,
                    pointsHere,
                    pointsHere
                            ? "Incoming texts are posted to " + webhookUrl + "."
                            : (number.smsUrl().isBlank()
                                    ? "No webhook is set, so replies never reach Kontrol. Use \"Point the webhook at Kontrol\"."
                                    : "Incoming texts go to " + number.smsUrl() + " (" + number.smsMethod()
                                            + "), not to Kontrol. Use \"Point the webhook at Kontrol\".")));
            checks.addAll(retryChecks(number.smsUrl(), number.smsFallbackUrl(), webhookUrl));
            checks.add(callsCheck(number, voiceUrl(webhookUrl)));
            return new Verification(checks, found);
        } catch (ApiConnectionException e) {
            checks.add(new SetupCheck("Reaching Twilio", false, "Kontrol could not reach Twilio: " + e.getMessage()));
            return new Verification(checks, Optional.empty());
        }
    }

    /**
     * Where the number's calls go (issue 33): to Kontrol (the office rings, a missed call becomes a conversation),
     * nowhere yet (the button sets it), or elsewhere, which Kontrol never changes by itself: a TwiML App answers them
     * whatever the voice URL says, and another URL may be the office's phone system.
     */
    static SetupCheck callsCheck(Number number, String voiceUrl) {
        if (!number.voiceApplicationSid().isBlank()) {
            return new SetupCheck(
                    CALLS_CHECK,
                    false,
                    "A TwiML App (" + number.voiceApplicationSid() + ") answers this number's calls, whatever its voice"
                            + " URL says. To let Kontrol ring the office and turn missed calls into conversations, remove"
                            + " it from the number in the Twilio Console and set the voice URL to " + voiceUrl + ".");
        }
        if (WebhookRetries.requested(number.voiceUrl()).equals(voiceUrl)) {
            return new SetupCheck(CALLS_CHECK, true, "Incoming calls are posted to " + voiceUrl + ".");
        }
        if (number.voiceUrl().isBlank()) {
            return new SetupCheck(
                    CALLS_CHECK,
                    false,
                    "No voice URL is set: a call to this number goes nowhere. \"Point the webhook at Kontrol\" sets it"
                            + " to " + voiceUrl + " (then Settings › Calls says which phones ring).");
        }
        return new SetupCheck(
                CALLS_CHECK,
                false,
                "Incoming calls go to " + number.voiceUrl() + ". Kontrol leaves that as it is; set the voice URL to "
                        + voiceUrl + " in the Twilio Console to let Kontrol answer calls.");
    }

    /**
     * Whether Twilio tries again when Kontrol does not answer: the Fallback URL is Kontrol's, and the webhook's
     * connection overrides ask for retries ({@link WebhookRetries}). Shared with the Messaging Service's checks.
     */
    static List<SetupCheck> retryChecks(String url, String fallbackUrl, String webhookUrl) {
        var fallback = webhookUrl.equals(WebhookRetries.requested(fallbackUrl));
        var retries = WebhookRetries.asksForRetries(url);
        return List.of(
                new SetupCheck(
                        FALLBACK_CHECK,
                        fallback,
                        fallback
                                ? "If Kontrol fails to answer, Twilio tries " + webhookUrl + " again as the fallback."
                                : (fallbackUrl.isBlank()
                                                ? "No Fallback URL is set"
                                                : "The Fallback URL is " + fallbackUrl)
                                        + ": a text Kontrol fails to answer is lost (Twilio error 11200). Use \"Point the"
                                        + " webhook at Kontrol\"."),
                new SetupCheck(
                        RETRIES_CHECK,
                        retries,
                        retries
                                ? "Twilio retries a text after a timeout or a 5xx (up to twice within 15 s)."
                                : "Twilio does not retry a text after a timeout or a 5xx (only when it cannot connect)."
                                        + " Use \"Point the webhook at Kontrol\": its URL asks for retries."));
    }

    /**
     * Sets the number's "a message comes in" webhook and its Fallback URL to Kontrol's inbound URL, method POST, with
     * connection overrides that ask for retries ({@link WebhookRetries}).
     */
    SetupCheck pointWebhookAtKontrol(TwilioAccount account, Number number, String webhookUrl) {
        var rest = clients.of(account);
        var request = new Request(
                HttpMethod.POST,
                Domains.API.toString(),
                "/2010-04-01/Accounts/" + account.accountSid() + "/IncomingPhoneNumbers/" + number.sid() + ".json");
        request.addPostParam("SmsUrl", WebhookRetries.withRetries(webhookUrl));
        request.addPostParam("SmsMethod", "POST");
        request.addPostParam("SmsFallbackUrl", WebhookRetries.withRetries(webhookUrl));
        request.addPostParam("SmsFallbackMethod", "POST");
        if (number.callsGoNowhere()) { // never another voice URL or app: that may be the office's phone system
            request.addPostParam("VoiceUrl", voiceUrl(webhookUrl));
            request.addPostParam("VoiceMethod", "POST");
            request.addPostParam("StatusCallback", webhookUrl.replace(WebhookPaths.INBOUND, WebhookPaths.VOICE_STATUS));
            request.addPostParam("StatusCallbackMethod", "POST");
        }
        try {
            var response = rest.request(request);
            if (response.getStatusCode() == 200) {
                return new SetupCheck(
                        "Incoming texts webhook",
                        true,
                        "Set to " + webhookUrl + " (POST), also as the Fallback URL, with retries on a timeout or a"
                                + " 5xx."
                                + (number.callsGoNowhere() ? " Calls now go to " + voiceUrl(webhookUrl) + "." : ""));
            }
            return new SetupCheck(
                    "Incoming texts webhook",
                    false,
                    "Twilio answered " + response.getStatusCode() + ": " + response.getContent());
        } catch (ApiConnectionException e) {
            return new SetupCheck("Incoming texts webhook", false, "Kontrol could not reach Twilio: " + e.getMessage());
        }
    }

    private record Answer(int status, int code, JsonNode json) {}

    private static Answer get(TwilioRestClient rest, String path) {
        var response = rest.request(new Request(HttpMethod.GET, Domains.API.toString(), path));
        JsonNode json;
        try {
            json = JsonMapper.shared().readTree(response.getContent() == null ? "{}" : response.getContent());
        } catch (RuntimeException e) {
            json = JsonMapper.shared().createObjectNode();
        }
        return new Answer(response.getStatusCode(), json.path("code").asInt(0), json);
    }

    /** Twilio has written capability keys in upper and in lower case: read either. */
    private static boolean capability(JsonNode capabilities, String name) {
        for (var entry : capabilities.properties()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return entry.getValue().asBoolean(false);
            }
        }
        return false;
    }
}
