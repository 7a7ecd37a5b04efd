package com.kontrol.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.kontrol.KontrolTest;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Settings > Integrations > Twilio checks the account with Twilio and points the number's webhook at Kontrol. */
@KontrolTest
@WithTwilioStandIn
class SetupAssistantTests {

    @Autowired
    TwilioStandIn twilio;

    static final String ACCOUNT = "/2010-04-01/Accounts/" + TwilioStandIn.SID + ".json";
    static final String NUMBERS = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/IncomingPhoneNumbers.json";
    static final String NUMBER = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/IncomingPhoneNumbers/PN0123.json";
    static final String KONTROL = "http://localhost/api/webhooks/twilio/inbound";
    /** As "Point the webhook at Kontrol" sets it: with connection overrides that ask Twilio to retry. */
    static final String POINTED = KONTROL + "#ct=3000&rt=8000&tt=15000&rc=2&rp=ct,rt,5xx";

    static final String VOICE = "http://localhost/api/webhooks/twilio/voice";

    @Autowired
    MockMvc mvc;

    @BeforeEach
    void reset() {
        twilio.acceptMessages();
        inCampaign("VERIFIED");
    }

    /** The number sits in a Messaging Service whose A2P 10DLC campaign has this status. */
    private void inCampaign(String status) {
        var service = "MG" + "b".repeat(32);
        twilio.server()
                .stubFor(get(urlPathEqualTo("/v1/Services"))
                        .willReturn(json(
                                200,
                                "{\"services\": [{\"sid\": \"" + service
                                        + "\", \"friendly_name\": \"Ace texts\"}], \"meta\": {\"page\": 0}}")));
        twilio.server()
                .stubFor(get(urlPathEqualTo("/v1/Services/" + service + "/PhoneNumbers"))
                        .willReturn(json(
                                200,
                                "{\"phone_numbers\": [{\"phone_number\": \"" + TwilioStandIn.NUMBER
                                        + "\"}], \"meta\": {\"page\": 0}}")));
        twilio.server()
                .stubFor(get(urlPathEqualTo("/v1/Services/" + service + "/Compliance/Usa2p"))
                        .willReturn(json(
                                200,
                                "{\"compliance\": [{\"sid\": \"QE1\", \"campaign_status\": \"" + status
                                        + "\", \"us_app_to_person_usecase\": \"MIXED\"}]}")));
    }

    @Test
    void aValidAccountPassesEveryCheck() throws Exception {
        account(200, "{\"sid\": \"" + TwilioStandIn.SID + "\", \"status\": \"active\"}");
        number("\"sms\": true", POINTED, POINTED);
        assertThat(checks("/verify")).allMatch(SetupCheck::ok).hasSize(8);
    }

    @Test
    void aNumberWhoseCallsGoNowhereIsToldSoAndPointedAtKontrolWithItsTexts() throws Exception {
        account(200, "{\"status\": \"active\"}");
        number("\"sms\": true", POINTED, POINTED, "", "");
        twilio.server().stubFor(post(urlPathEqualTo(NUMBER)).willReturn(json(200, "{\"sid\": \"PN0123\"}")));
        assertThat(checks("/verify"))
                .filteredOn(c -> c.what().equals("Incoming calls webhook"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.ok()).isFalse();
                    assertThat(c.detail()).contains("goes nowhere");
                });

        press("/webhook");

        twilio.server()
                .verify(postRequestedFor(urlPathEqualTo(NUMBER))
                        .withRequestBody(containing("VoiceUrl=" + URLEncoder.encode(VOICE, StandardCharsets.UTF_8)))
                        .withRequestBody(containing(
                                "StatusCallback=" + URLEncoder.encode(VOICE + "/status", StandardCharsets.UTF_8))));
    }

    @Test
    void aTwimlAppOrAnotherVoiceUrlIsNamedAndLeftAsItIs() throws Exception {
        account(200, "{\"status\": \"active\"}");
        number("\"sms\": true", KONTROL, "", "", "AP" + "c".repeat(32));
        twilio.server().stubFor(post(urlPathEqualTo(NUMBER)).willReturn(json(200, "{\"sid\": \"PN0123\"}")));
        assertThat(checks("/verify"))
                .filteredOn(c -> c.what().equals("Incoming calls webhook"))
                .singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("A TwiML App (AP"));

        press("/webhook");
        number("\"sms\": true", POINTED, POINTED, "https://pbx.example.com/calls", "");
        assertThat(checks("/verify"))
                .filteredOn(c -> c.what().equals("Incoming calls webhook"))
                .singleElement()
                .satisfies(c -> assertThat(c.detail())
                        .contains("go to https://pbx.example.com/calls")
                        .contains("leaves"));
        press("/webhook");

        twilio.server().verify(0, postRequestedFor(urlPathEqualTo(NUMBER)).withRequestBody(containing("VoiceUrl=")));
    }

    @Test
    void aWebhookWithoutFallbackOrRetriesIsToldThatATextCanBeLostAndIsFixedWithOnePress() throws Exception {
        account(200, "{\"status\": \"active\"}");
        number("\"sms\": true", KONTROL, "");
        twilio.server().stubFor(post(urlPathEqualTo(NUMBER)).willReturn(json(200, "{\"sid\": \"PN0123\"}")));
        var checks = checks("/verify");
        assertThat(checks)
                .filteredOn(c -> c.what().equals("Incoming texts webhook"))
                .allMatch(SetupCheck::ok);
        assertThat(checks)
                .filteredOn(c -> c.what().equals("Fallback URL"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.ok()).isFalse();
                    assertThat(c.detail()).contains("11200").contains("Point the webhook at Kontrol");
                });
        assertThat(checks)
                .filteredOn(c -> c.what().equals("Retries"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.ok()).isFalse();
                    assertThat(c.detail()).contains("does not retry");
                });

        var done = press("/webhook"); // the number posts to Kontrol already: nothing to confirm
        assertThat(((SetupCheck) done.getFlashMap().get("webhookResult")).ok()).isTrue();
        var encoded = URLEncoder.encode(POINTED, StandardCharsets.UTF_8);
        twilio.server()
                .verify(postRequestedFor(urlPathEqualTo(NUMBER))
                        .withRequestBody(containing("SmsUrl=" + encoded))
                        .withRequestBody(containing("SmsFallbackUrl=" + encoded))
                        .withRequestBody(containing("SmsFallbackMethod=POST")));
    }

    @Test
    void aNumberInNoMessagingServiceIsToldWhatA2pNeeds() throws Exception {
        account(200, "{\"status\": \"active\"}");
        number("\"sms\": true", KONTROL);
        twilio.server()
                .stubFor(get(urlPathEqualTo("/v1/Services")).willReturn(json(200, "{\"services\": [], \"meta\": {}}")));
        assertThat(checks("/verify")).anySatisfy(c -> {
            assertThat(c.what()).isEqualTo("A2P 10DLC");
            assertThat(c.ok()).isFalse();
            assertThat(c.detail())
                    .contains("is in no Messaging Service")
                    .contains("30034")
                    .contains(MessagingServiceAssistant.A2P_CONSOLE);
        });
    }

    @Test
    void aWrongTokenIsNamedAsSuch() throws Exception {
        account(401, "{\"code\": 20003, \"message\": \"Authenticate\", \"status\": 401}");
        var checks = checks("/verify");
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.detail()).contains("20003").contains("Auth Token");
        });
    }

    @Test
    void aNumberOfAnotherAccountIsNamedAsSuch() throws Exception {
        account(200, "{\"status\": \"active\"}");
        twilio.server().stubFor(get(urlPathEqualTo(NUMBERS)).willReturn(json(200, "{\"incoming_phone_numbers\": []}")));
        assertThat(checks("/verify")).anySatisfy(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.detail()).contains("is not a number of this account");
        });
    }

    @Test
    void aNumberWithoutSmsIsNamedAsSuchWhateverTheCaseOfTwiliosKeys() throws Exception {
        account(200, "{\"status\": \"active\"}");
        number("\"sms\": false, \"mms\": true", KONTROL);
        assertThat(checks("/verify")).anySatisfy(c -> assertThat(c.detail()).contains("cannot send or receive SMS"));
        number("\"SMS\": true, \"MMS\": true", POINTED, POINTED);
        assertThat(checks("/verify")).allMatch(SetupCheck::ok);
    }

    @Test
    void aDifferentWebhookIsReplacedOnlyAfterAskingFirst() throws Exception {
        account(200, "{\"status\": \"active\"}");
        number("\"sms\": true", "https://old-app.example.com/sms");
        twilio.server().stubFor(post(urlPathEqualTo(NUMBER)).willReturn(json(200, "{\"sid\": \"PN0123\"}")));
        assertThat(checks("/verify"))
                .anySatisfy(c -> assertThat(c.detail()).contains("https://old-app.example.com/sms"));

        var asked = press("/webhook");
        assertThat(asked.getFlashMap().get("confirmReplace")).isEqualTo("https://old-app.example.com/sms");
        assertThat(twilio.server().findAll(postRequestedFor(urlPathEqualTo(NUMBER))))
                .isEmpty();

        var done = press("/webhook?replace=true");
        assertThat(((SetupCheck) done.getFlashMap().get("webhookResult")).ok()).isTrue();
        twilio.server()
                .verify(postRequestedFor(urlPathEqualTo(NUMBER))
                        .withRequestBody(containing("SmsUrl=" + URLEncoder.encode(KONTROL, StandardCharsets.UTF_8)))
                        .withRequestBody(containing("SmsMethod=POST")));
    }

    @SuppressWarnings("unchecked")
    private List<SetupCheck> checks(String action) throws Exception {
        return (List<SetupCheck>) press(action).getFlashMap().get("checks");
    }

    private MvcResult press(String action) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/settings/integrations/twilio" + action)
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andReturn();
    }

    private void account(int status, String body) {
        twilio.server().stubFor(get(urlPathEqualTo(ACCOUNT)).willReturn(json(status, body)));
    }

    private void number(String capabilities, String smsUrl) {
        number(capabilities, smsUrl, "");
    }

    private void number(String capabilities, String smsUrl, String fallbackUrl) {
        number(capabilities, smsUrl, fallbackUrl, VOICE, "");
    }

    private void number(String capabilities, String smsUrl, String fallbackUrl, String voiceUrl, String app) {
        twilio.server().stubFor(get(urlPathEqualTo(NUMBERS)).willReturn(json(200, """
                {"incoming_phone_numbers": [{"sid": "PN0123", "phone_number": "%s", "capabilities": {%s, "voice": true},
                  "sms_url": "%s", "sms_method": "POST", "sms_fallback_url": "%s", "voice_url": "%s",
                  "voice_application_sid": %s}], "page": 0, "page_size": 50}
                """.formatted(
                        TwilioStandIn.NUMBER,
                        capabilities,
                        smsUrl,
                        fallbackUrl,
                        voiceUrl,
                        app.isEmpty() ? "null" : "\"" + app + "\""))));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
