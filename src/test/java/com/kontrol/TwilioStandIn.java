package com.kontrol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.PropertySource;

/**
 * Twilio's REST API, played by a local WireMock server that records every request. Kontrol reaches it through
 * {@code kontrol.twilio.api-base-url}, exactly as it reaches Twilio. Answers are shaped like Twilio's (its OpenAPI
 * examples and error bodies).
 */
public final class TwilioStandIn implements AutoCloseable {

    /** The one stand-in of the test JVM, started at first use: contexts shared by test classes share it too. */
    public static TwilioStandIn shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final TwilioStandIn INSTANCE = new TwilioStandIn();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(INSTANCE::close));
        }
    }

    /** Makes {@link #shared()} a bean. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Wiring {
        @Bean(destroyMethod = "")
        TwilioStandIn twilioStandIn() {
            return shared();
        }
    }

    /**
     * Resolves {@code ${kontrol.test.twilio-stand-in-url}}, starting the stand-in at the first use; a property from the
     * start (unlike a dynamic one), so beans made early, such as the webhook filter's, see it too.
     */
    static final class UrlSource extends PropertySource<Object> {
        static final String URL = "kontrol.test.twilio-stand-in-url";

        UrlSource() {
            super("twilioStandIn");
        }

        @Override
        public Object getProperty(String name) {
            return URL.equals(name) ? shared().baseUrl() : null;
        }
    }

    /** Before each test: Twilio accepts every message, and nothing has been recorded yet. */
    public static class ResetBeforeEach implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            shared().acceptMessages();
        }
    }

    public static final String SID = "AC22222222222222222222222222222222";
    public static final String TOKEN = "fedcba9876543210fedcba9876543210";
    public static final String NUMBER = "+14155550100";
    public static final String MESSAGES = "/2010-04-01/Accounts/" + SID + "/Messages.json";

    private final WireMockServer server =
            new WireMockServer(wireMockConfig().dynamicPort().globalTemplating(true));

    private TwilioStandIn() {
        server.start();
        acceptMessages();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    /** Twilio's 201 for a created message, with a fresh SID each time. */
    public void acceptMessages() {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(created()));
        listMessages("[]");
    }

    public static ResponseDefinitionBuilder created() {
        return aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"account_sid": "%s", "api_version": "2010-04-01",
                         "body": "(as sent)",
                         "date_created": "{{now format='EEE, dd MMM yyyy HH:mm:ss Z'}}", "date_sent": null,
                         "date_updated": "{{now format='EEE, dd MMM yyyy HH:mm:ss Z'}}", "direction": "outbound-api",
                         "error_code": null, "error_message": null,
                         "from": "%s", "num_media": "0",
                         "num_segments": "1", "price": null, "price_unit": null, "messaging_service_sid": null,
                         "sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                         "to": "+14155550199", "uri": "/x.json"}
                        """.formatted(SID, NUMBER));
    }

    /** Twilio's error answer, e.g. 400 with code 21211. */
    public static ResponseDefinitionBuilder error(int status, int code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(
                        "{\"code\": %d, \"message\": \"%s\", \"more_info\": \"https://www.twilio.com/docs/errors/%d\", \"status\": %d}"
                                .formatted(code, message, code, status));
    }

    /**
     * The first answers to "create message" to this number are these, then Twilio accepts. Other numbers are not
     * affected, so a straggler from another test cannot use up an answer meant for this one.
     */
    @SafeVarargs
    public final void answerFirst(String to, ResponseDefinitionBuilder... answers) {
        var scenario = "sends to " + to;
        var state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            var next = "after-" + i;
            server.stubFor(createTo(to)
                    .inScenario(scenario)
                    .whenScenarioStateIs(state)
                    .willReturn(answers[i])
                    .willSetStateTo(next));
            state = next;
        }
        server.stubFor(
                createTo(to).inScenario(scenario).whenScenarioStateIs(state).willReturn(created()));
    }

    private static MappingBuilder createTo(String to) {
        return post(urlPathEqualTo(MESSAGES)).withFormParam("To", equalTo(to)).atPriority(1);
    }

    /** What "list messages" to this number answers: a JSON array of message resources. */
    public void listMessages(String to, String messagesJson) {
        server.stubFor(get(urlPathEqualTo(MESSAGES))
                .withQueryParam("To", equalTo(to))
                .atPriority(1)
                .willReturn(messagePage(messagesJson)));
    }

    private void listMessages(String messagesJson) {
        server.stubFor(get(urlPathEqualTo(MESSAGES)).willReturn(messagePage(messagesJson)));
    }

    private static ResponseDefinitionBuilder messagePage(String messagesJson) {
        return aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\": " + messagesJson + ", \"end\": 0, \"first_page_uri\": \"/x\","
                        + " \"next_page_uri\": null, \"page\": 0, \"page_size\": 50, \"previous_page_uri\": null,"
                        + " \"start\": 0, \"uri\": \"/x\"}");
    }

    /** Every "create message" request, oldest first, with its form parameters. */
    public List<Map<String, String>> sends() {
        return server.findAll(postRequestedFor(urlPathEqualTo(MESSAGES))).stream()
                .map(TwilioStandIn::form)
                .toList();
    }

    /** The "create message" requests to one number: other contexts' stragglers never count. */
    public List<Map<String, String>> sendsTo(String e164) {
        return sends().stream().filter(s -> e164.equals(s.get("To"))).toList();
    }

    /** The "create message" requests to one number as they arrived, headers and all. */
    public List<LoggedRequest> sendRequestsTo(String e164) {
        return server.findAll(postRequestedFor(urlPathEqualTo(MESSAGES))).stream()
                .filter(r -> e164.equals(form(r).get("To")))
                .toList();
    }

    static Map<String, String> form(LoggedRequest request) {
        var params = new LinkedHashMap<String, String>();
        for (var pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            params.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void close() {
        server.stop();
    }
}
