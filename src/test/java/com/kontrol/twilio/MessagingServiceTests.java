package com.kontrol.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A Messaging Service on Settings › Integrations › Twilio: saved once Twilio knows it; texts then carry
 * MessagingServiceSid and no From; the assistant checks the service's incoming-message URL, whether it overrides the
 * numbers' webhooks, its sender pool and its A2P campaign, and points it at Kontrol when asked.
 */
@KontrolTest
@WithTwilioStandIn
class MessagingServiceTests {

    /** Kontrol's connection overrides, form-encoded: retries on a failed connection, a timeout or a 5xx. */
    static final String RETRIES = "%23ct%3D3000%26rt%3D8000%26tt%3D15000%26rc%3D2%26rp%3Dct%2Crt%2C5xx";

    static final String SERVICE = "MG" + "a".repeat(32);
    static final RequestPostProcessor ADMIN = user("admin").roles("ADMIN");

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    MessagingServices services;

    @Autowired
    Customers customers;

    @Autowired
    Outbox outbox;

    @Autowired
    Messages messages;

    @AfterEach
    void fromTheNumberAgain() {
        services.save(null, "test");
    }

    @Test
    void anUnknownServiceIsRefusedAndNothingChanges() throws Exception {
        twilio.server().stubFor(get(urlPathEqualTo("/v1/Services/" + SERVICE)).willReturn(notFound()));
        save(SERVICE)
                .andExpect(flash().attribute(
                                "serviceError",
                                "Not saved: Twilio knows no Messaging Service " + SERVICE + " on account "
                                        + TwilioStandIn.SID + "."));
        save("MG123")
                .andExpect(flash().attribute(
                                "serviceError",
                                "A Messaging Service SID is MG and 32 hexadecimal characters (Messaging › Services in"
                                        + " the Twilio Console). Nothing was saved."));
        assertThat(services.current()).isEmpty();
    }

    @Test
    void textsGoThroughTheServiceWithoutFromAndTheAssistantPointsItAtKontrol() throws Exception {
        service(false, "https://old-crm.example/sms", "VERIFIED");
        var checks = save(SERVICE)
                .andExpect(flash().attribute(
                                "notice",
                                "Texts now go out through Messaging Service " + SERVICE + ": Twilio picks the number."))
                .andReturn()
                .getFlashMap()
                .get("checks");
        assertThat(checks.toString())
                .contains("Texts go out through \"Ace Plumbing texts\"")
                .contains("posts incoming texts to https://old-crm.example/sms (POST), and it overrides its numbers'"
                        + " own webhooks")
                .contains("2 numbers: +14155550100, +14155550105")
                .contains("Campaign QE2c6890da8086d771620e9b13fadeba0b (CUSTOMER_CARE) is verified.");

        mvc.perform(post("/settings/integrations/twilio/messaging-service/webhook")
                        .with(ADMIN)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        twilio.server()
                .verify(postRequestedFor(urlPathEqualTo("/v1/Services/" + SERVICE))
                        .withRequestBody(
                                equalTo("InboundRequestUrl=http%3A%2F%2Flocalhost%2Fapi%2Fwebhooks%2Ftwilio%2Finbound"
                                        + RETRIES + "&InboundMethod=POST"
                                        + "&FallbackUrl=http%3A%2F%2Flocalhost%2Fapi%2Fwebhooks%2Ftwilio%2Finbound"
                                        + RETRIES + "&FallbackMethod=POST")));

        var phone = TestCustomers.newPhone();
        var customer = customers.add("Pooled Pete", List.of(phone), true);
        var queued = outbox.queue(TextToGo.to(customer.id(), "Through the service", Sender.person("dana")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(phone.e164()).isEmpty());
        var sent = twilio.sendsTo(phone.e164()).get(0);
        assertThat(sent).containsEntry("MessagingServiceSid", SERVICE).doesNotContainKey("From");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> messages.findById(queued.id()).orElseThrow().from().equals(TwilioStandIn.NUMBER));
    }

    @Test
    void aPendingCampaignIsShownWithWhatToDo() throws Exception {
        service(true, "", "PENDING");
        var checks = save(SERVICE).andReturn().getFlashMap().get("checks").toString();
        assertThat(checks)
                .contains("The service leaves incoming texts to each number's own webhook")
                .contains("is pending: until carriers verify it, texts may be filtered (30034)")
                .contains(MessagingServiceAssistant.A2P_CONSOLE);
    }

    private ResultActions save(String sid) throws Exception {
        return mvc.perform(post("/settings/integrations/twilio/messaging-service")
                .with(ADMIN)
                .with(csrf())
                .param("sid", sid));
    }

    private void service(boolean ownWebhooks, String inboundUrl, String campaignStatus) {
        var server = twilio.server();
        server.stubFor(get(urlPathEqualTo("/v1/Services/" + SERVICE))
                .willReturn(okJson("""
                        {"sid": "%s", "account_sid": "%s", "friendly_name": "Ace Plumbing texts",
                         "inbound_request_url": "%s", "inbound_method": "POST",
                         "use_inbound_webhook_on_number": %s, "sticky_sender": true}
                        """.formatted(SERVICE, TwilioStandIn.SID, inboundUrl, ownWebhooks))));
        server.stubFor(
                get(urlPathEqualTo("/v1/Services/" + SERVICE + "/PhoneNumbers")).willReturn(okJson("""
                        {"phone_numbers": [
                          {"sid": "PN1", "phone_number": "+14155550100", "capabilities": ["SMS"]},
                          {"sid": "PN2", "phone_number": "+14155550105", "capabilities": ["SMS"]}],
                         "meta": {"page": 0, "page_size": 1000}}
                        """)));
        server.stubFor(get(urlPathEqualTo("/v1/Services/" + SERVICE + "/Compliance/Usa2p"))
                .willReturn(okJson("""
                        {"compliance": [{"sid": "QE2c6890da8086d771620e9b13fadeba0b", "campaign_status": "%s",
                          "us_app_to_person_usecase": "CUSTOMER_CARE", "brand_registration_sid": "BN1"}],
                         "meta": {"page": 0}}
                        """.formatted(campaignStatus))));
        server.stubFor(WireMock.post(urlPathEqualTo("/v1/Services/" + SERVICE))
                .willReturn(okJson("{\"sid\": \"" + SERVICE + "\"}")));
    }
}
