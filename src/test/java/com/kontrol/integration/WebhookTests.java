package com.kontrol.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Approvals;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.conversation.ConversationDesk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Running in production": another system subscribes to Kontrol's events on Settings › Integrations › Webhooks and
 * receives each one as signed JSON, retried until it answers, with a delivery log. The receiver here is a local
 * recording server, which is on loopback: this test allows that explicitly.
 */
@KontrolTest
@WithTwilioStandIn
@TestPropertySource(properties = "kontrol.webhooks.allow-private-targets=true")
class WebhookTests {

    static final WireMockServer receiver = new WireMockServer(wireMockConfig().dynamicPort());

    static final String PAGE = "/settings/integrations/webhooks";

    @BeforeAll
    static void startTheReceiver() {
        receiver.start();
    }

    @AfterAll
    static void stopTheReceiver() {
        receiver.stop();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    ConversationDesk desk;

    @Autowired
    Jobs jobs;

    @Autowired
    Approvals approvals;

    @Autowired
    Messages messages;

    @AfterEach
    void removeTheSubscriptions() throws Exception {
        for (var id : jdbc.sql("select id from webhook_subscriptions")
                .query(Long.class)
                .list()) {
            mvc.perform(MockMvcRequestBuilders.post(PAGE + "/" + id + "/delete")
                            .with(admin())
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
        }
        receiver.resetAll();
    }

    @Test
    void aCustomersTextIsPostedAsSignedJsonToTheSubscribedUrl() throws Exception {
        answer(200);
        var secret = subscribe("/hooks", "message.received");
        var customer = customer("Webhook Wanda");
        var sid = Webhooks.newSid();
        mvc.perform(Webhooks.signed(Webhooks.INBOUND, Webhooks.text(sid, phone(customer), "Is the tech coming today?")))
                .andExpect(status().isOk());

        var request = received("/hooks", 1).get(0);
        var body = JsonMapper.shared().readTree(request.getBodyAsString());
        assertThat(body.get("type").asString()).isEqualTo("message.received");
        assertThat(body.get("id").asString()).startsWith("evt_");
        assertThat(body.at("/data/body").asString()).isEqualTo("Is the tech coming today?");
        assertThat(body.at("/data/customerId").asLong()).isEqualTo(customer.id());
        assertThat(body.at("/data/from").asString()).isEqualTo(phone(customer));
        // Standard Webhooks: id, timestamp, and HMAC-SHA256 of "id.timestamp.body" under the secret's bytes.
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("webhook-id")).isEqualTo(body.get("id").asString());
        long timestamp = Long.parseLong(request.getHeader("webhook-timestamp"));
        assertThat(timestamp).isBetween(now() - 60, now() + 5);
        assertThat(request.getHeader("webhook-signature")).isEqualTo("v1," + hmac(secret, request));

        // The delivery log says so.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> mvc.perform(get(PAGE).with(admin()))
                        .andExpect(status().isOk())
                        .andExpect(content().string(Matchers.containsString("delivered"))));
    }

    @Test
    void aReceiverThatFailsGetsTheSameEventAgainLater() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/flaky"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("recovered"));
        receiver.stubFor(post(urlPathEqualTo("/flaky"))
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(204)));
        subscribe("/flaky", "message.received");
        textFrom(customer("Flaky Fred"), "Hello?");
        received("/flaky", 1);
        var delivery = onlyDelivery();
        assertThat(delivery.lastStatus()).isEqualTo(500);
        assertThat(delivery.nextAttemptAt()).isAfter(OffsetDateTime.now().plusSeconds(5)); // backs off

        worker.deliverDue(OffsetDateTime.now().plusSeconds(11)); // as if its next attempt had come
        var both = received("/flaky", 2);
        assertThat(both.get(1).getHeader("webhook-id")).isEqualTo(both.get(0).getHeader("webhook-id"));
        await().atMost(Duration.ofSeconds(5)).until(() -> onlyDelivery().deliveredAt() != null);
        assertThat(onlyDelivery().attempts()).isEqualTo(2);
        assertThat(onlyDelivery().lastStatus()).isEqualTo(204);
    }

    @Test
    void aDeliveryIsGivenUpAfterADayAndCanBeSentAgainFromTheLog() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        subscribe("/down", "message.received");
        textFrom(customer("Down Dora"), "Anyone there?");
        received("/down", 1);
        // A day of retries has passed:
        jdbc.sql("update webhook_deliveries set retries_from = :dayAgo")
                .param("dayAgo", OffsetDateTime.now().minusHours(25))
                .update();
        worker.deliverDue(OffsetDateTime.now().plusSeconds(11));
        received("/down", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> onlyDelivery().gaveUpAt() != null);
        assertThat(onlyDelivery().nextAttemptAt()).isNull();
        mvc.perform(get(PAGE).with(admin()))
                .andExpect(content().string(Matchers.containsString("gave up")))
                .andExpect(content().string(Matchers.containsString("answered 503")));

        receiver.resetMappings(); // the receiver is back (what it received is kept)
        receiver.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(200)));
        mvc.perform(MockMvcRequestBuilders.post(
                                PAGE + "/deliveries/" + onlyDelivery().id() + "/send-again")
                        .with(admin())
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        var all = received("/down", 3);
        assertThat(all.get(2).getHeader("webhook-id")).isEqualTo(all.get(0).getHeader("webhook-id"));
        await().atMost(Duration.ofSeconds(5)).until(() -> onlyDelivery().deliveredAt() != null);
    }

    @Test
    void afterARotationBothSecretsSignForADay() throws Exception {
        answer(200);
        var first = subscribe("/rotated", "message.received");
        var id = jdbc.sql("select id from webhook_subscriptions")
                .query(Long.class)
                .single();
        var rotated = mvc.perform(MockMvcRequestBuilders.post(PAGE + "/" + id + "/rotate")
                        .with(admin())
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        var second = (String) rotated.getFlashMap().get("secret");
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);

        textFrom(customer("Rotating Rita"), "Hi");
        var request = received("/rotated", 1).get(0);
        assertThat(request.getHeader("webhook-signature"))
                .isEqualTo("v1," + hmac(second, request) + " v1," + hmac(first, request));
        mvc.perform(get(PAGE).with(admin()))
                .andExpect(content().string(Matchers.containsString("the previous secret signs too until")));
    }

    @Test
    void assignmentsOptOutsStatusesAndApprovalsAreEventsToo() throws Exception {
        answer(200);
        subscribe("/all", "conversation.assigned", "customer.opted_out", "message.status", "approval.decided");
        var customer = customer("Eventful Eve");
        textFrom(customer, "Please call me"); // message.received: not subscribed, not posted
        desk.assign(customer.id(), "admin", "admin");
        var job = jobs.add(customer.id(), "Water heater", "admin");
        var request = approvals.request(job.id(), "Replace the anode", null, "admin");
        approvals.decide(request.id(), true, "staff", "admin");
        textFrom(customer, "STOP");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> types("/all")
                        .containsAll(List.of("conversation.assigned", "approval.decided", "customer.opted_out")));
        assertThat(types("/all")).doesNotContain("message.received");
        var assigned = event("/all", "conversation.assigned");
        assertThat(assigned.at("/data/customerId").asLong()).isEqualTo(customer.id());
        assertThat(assigned.at("/data/owner").asString()).isEqualTo("admin");
        assertThat(assigned.at("/data/by").asString()).isEqualTo("admin");
        var decided = event("/all", "approval.decided");
        assertThat(decided.at("/data/approvalId").asLong()).isEqualTo(request.id());
        assertThat(decided.at("/data/status").asString()).isEqualTo("approved");
        assertThat(decided.at("/data/undone").asBoolean()).isFalse();
        var optedOut = event("/all", "customer.opted_out");
        assertThat(optedOut.at("/data/customerId").asLong()).isEqualTo(customer.id());
        assertThat(optedOut.at("/data/by").asString()).isEqualTo("customer");
    }

    @Test
    void aCustomerCreatedThroughTheApiIsACustomerChangedEvent() throws Exception {
        answer(200);
        subscribe("/customers", "customer.changed");
        var ref = "qb-" + System.nanoTime();
        mvc.perform(MockMvcRequestBuilders.put("/api/v1/customers/by-ref/" + ref)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Synced Sid\"}")
                        .with(admin()))
                .andExpect(status().isCreated());

        await().atMost(Duration.ofSeconds(10)).until(() -> types("/customers").contains("customer.changed"));
        var changed = event("/customers", "customer.changed");
        assertThat(changed.at("/data/externalRef").asString()).isEqualTo(ref);
        assertThat(changed.at("/data/change").asString()).isEqualTo("created");
        assertThat(changed.at("/data/by").asString()).isEqualTo("admin");
    }

    @Test
    void aStatusCallbackIsAMessageStatusEvent() throws Exception {
        answer(200);
        subscribe("/status", "message.status");
        var customer = customer("Status Sam");
        var sid = Webhooks.newSid();
        messages.add(Message.queued(
                        customer.id(),
                        null,
                        "+15005550006",
                        phone(customer),
                        "On our way",
                        Sender.person("admin"),
                        OffsetDateTime.now())
                .withSid(sid));
        mvc.perform(Webhooks.signed(Webhooks.STATUS, Webhooks.status(sid, "delivered")))
                .andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(10)).until(() -> types("/status").contains("message.status"));
        var event = event("/status", "message.status");
        assertThat(event.at("/data/status").asString()).isEqualTo("delivered");
        assertThat(event.at("/data/customerId").asLong()).isEqualTo(customer.id());
    }

    @Test
    void aSubscriptionNeedsAUsableUrlAndAnEventAndKeepsWhatWasTyped() throws Exception {
        mvc.perform(MockMvcRequestBuilders.post(PAGE)
                        .param("url", receiver.baseUrl() + "/hooks")
                        .with(admin())
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getFlashMap().get("webhookError"))
                        .isEqualTo("Choose at least one event to send."))
                .andExpect(
                        result -> assertThat(result.getFlashMap().get("url")).isEqualTo(receiver.baseUrl() + "/hooks"));
        mvc.perform(MockMvcRequestBuilders.post(PAGE)
                        .param("url", "ftp://example.com/hooks")
                        .param("event", "message.received")
                        .with(admin())
                        .with(csrf()))
                .andExpect(result -> assertThat((String) result.getFlashMap().get("webhookError"))
                        .contains("https://"));
        mvc.perform(MockMvcRequestBuilders.post(PAGE)
                        .param("url", receiver.baseUrl() + "/hooks")
                        .param("event", "message.deleted")
                        .with(admin())
                        .with(csrf()))
                .andExpect(result -> assertThat((String) result.getFlashMap().get("webhookError"))
                        .contains("no event called"));
        assertThat(jdbc.sql("select count(*) from webhook_subscriptions")
                        .query(Long.class)
                        .single())
                .isZero();
        // Admins only.
        mvc.perform(get(PAGE).with(user("dana").roles("STAFF"))).andExpect(status().isForbidden());
        mvc.perform(MockMvcRequestBuilders.post(PAGE)
                        .param("url", receiver.baseUrl() + "/hooks")
                        .param("event", "message.received")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void removingASubscriptionDropsWhatItHadQueued() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(500)));
        subscribe("/gone", "message.received");
        textFrom(customer("Gone Gary"), "Hello");
        received("/gone", 1);
        var id = jdbc.sql("select id from webhook_subscriptions")
                .query(Long.class)
                .single();
        mvc.perform(MockMvcRequestBuilders.post(PAGE + "/" + id + "/delete")
                        .with(admin())
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("select count(*) from webhook_deliveries")
                        .query(Long.class)
                        .single())
                .isZero();
        worker.deliverDue(OffsetDateTime.now().plusHours(1));
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(receiver.findAll(postRequestedFor(urlPathEqualTo("/gone"))))
                        .hasSize(1));
    }

    // --- helpers

    private static RequestPostProcessor admin() {
        return user("admin").roles("ADMIN");
    }

    private String subscribe(String path, String... events) throws Exception {
        var request = MockMvcRequestBuilders.post(PAGE).param("url", receiver.baseUrl() + path);
        for (var e : events) {
            request.param("event", e);
        }
        var result = mvc.perform(request.with(admin()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        var secret = (String) result.getFlashMap().get("secret");
        assertThat(secret)
                .as(String.valueOf(result.getFlashMap().get("webhookError")))
                .startsWith("whsec_");
        return secret;
    }

    private void answer(int status) {
        receiver.stubFor(post(urlPathEqualTo("/hooks")).willReturn(aResponse().withStatus(status)));
        for (var path : List.of("/rotated", "/all", "/status")) {
            receiver.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)));
        }
    }

    private Customer customer(String name) {
        return customers.add(name + " " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    private void textFrom(Customer customer, String body) throws Exception {
        mvc.perform(Webhooks.signed(Webhooks.INBOUND, Webhooks.text(Webhooks.newSid(), phone(customer), body)))
                .andExpect(status().isOk());
    }

    private static List<LoggedRequest> received(String path, int count) {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        receiver.findAll(postRequestedFor(urlPathEqualTo(path))).size() >= count);
        return receiver.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private static List<String> types(String path) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                .map(r -> JsonMapper.shared()
                        .readTree(r.getBodyAsString())
                        .get("type")
                        .asString())
                .toList();
    }

    private static JsonNode event(String path, String type) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                .map(r -> JsonMapper.shared().readTree(r.getBodyAsString()))
                .filter(n -> n.get("type").asString().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private Deliveries.Delivery onlyDelivery() {
        var all = new Deliveries(jdbc).latest(10);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The signature computed here from the spec, not with Kontrol's own code. */
    private static String hmac(String secret, LoggedRequest request) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        var signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "."
                + request.getBodyAsString();
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
