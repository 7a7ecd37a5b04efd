package com.kontrol.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Twilio's account and number lookups as the settings page's Save asks them, for tests whose account is not the
 * {@link com.kontrol.TwilioStandIn}'s: one recording server for the whole run, reached through {@code
 * kontrol.twilio.api-base-url}.
 */
final class AccountStandIn {

    static final WireMockServer server = start();

    private AccountStandIn() {}

    private static WireMockServer start() {
        var s = new WireMockServer(wireMockConfig().dynamicPort());
        s.start();
        return s;
    }

    static void register(DynamicPropertyRegistry registry) {
        registry.add("kontrol.twilio.api-base-url", server::baseUrl);
    }

    /** The account is active and each of {@code numbers} is one of its SMS numbers. */
    static void accepts(String sid, String... numbers) {
        account(sid, json(200, "{\"sid\": \"" + sid + "\", \"status\": \"active\"}"));
        var list = Arrays.stream(numbers)
                .map(n -> """
                        {"sid": "PN%s", "phone_number": "%s", "capabilities": {"sms": true}, "sms_url": "",
                         "sms_method": "POST"}""".formatted(n.substring(1), n))
                .collect(Collectors.joining(", "));
        numbers(sid, "{\"incoming_phone_numbers\": [" + list + "]}");
    }

    static void refusesTheToken(String sid) {
        account(sid, json(401, "{\"code\": 20003, \"message\": \"Authenticate\", \"status\": 401}"));
    }

    static void hasNoSuchNumber(String sid) {
        account(sid, json(200, "{\"status\": \"active\"}"));
        numbers(sid, "{\"incoming_phone_numbers\": []}");
    }

    static void hasTheNumberWithoutSms(String sid, String number) {
        account(sid, json(200, "{\"status\": \"active\"}"));
        numbers(sid, """
                {"incoming_phone_numbers": [{"sid": "PN0123", "phone_number": "%s", "capabilities": {"sms": false,
                  "voice": true}, "sms_url": "", "sms_method": "POST"}]}""".formatted(number));
    }

    static void isOutOfReach(String sid) {
        account(sid, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    private static void account(String sid, ResponseDefinitionBuilder answer) {
        server.stubFor(
                get(urlPathEqualTo("/2010-04-01/Accounts/" + sid + ".json")).willReturn(answer));
    }

    private static void numbers(String sid, String body) {
        server.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + sid + "/IncomingPhoneNumbers.json"))
                .willReturn(json(200, body)));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
