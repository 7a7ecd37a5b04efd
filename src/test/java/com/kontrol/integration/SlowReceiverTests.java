package com.kontrol.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.kontrol.KontrolTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * One subscriber that answers slowly (a status line, then a header byte now and then) while events pile up for it, and
 * another that answers at once: the second gets every event while the first still holds its one delivery.
 */
@KontrolTest
@TestPropertySource(properties = "kontrol.webhooks.allow-private-targets=true")
class SlowReceiverTests {

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    Deliveries deliveries;

    @Autowired
    DeliveryWorker worker;

    @Test
    void aSlowSubscriberWithEventsPilingUpDoesNotHoldUpAnotherOne() throws Exception {
        var fast = new WireMockServer(wireMockConfig().dynamicPort());
        fast.start();
        fast.stubFor(post(urlPathEqualTo("/fast")).willReturn(aResponse().withStatus(204)));
        var slow = new OutgoingWebhookAttacksTests.Receiver();
        slow.answer("HTTP/1.1 200 OK\r\n", "X-Slow: y\r\n", Duration.ofSeconds(1));
        var slowOne = subscriptions.add(
                "http://127.0.0.1:" + slow.port() + "/slow", Set.of(WebhookEvent.MESSAGE_STATUS), "admin");
        var fastOne = subscriptions.add(fast.baseUrl() + "/fast", Set.of(WebhookEvent.MESSAGE_STATUS), "admin");
        try {
            var now = OffsetDateTime.now();
            for (int i = 0; i < 8; i++) { // the slow one's first, so that they come due first
                deliveries.queue(
                        slowOne.id(),
                        "evt_slow_" + i + "_" + now.toEpochSecond(),
                        WebhookEvent.MESSAGE_STATUS,
                        "{}",
                        now.minusSeconds(1));
            }
            for (int i = 0; i < 8; i++) {
                deliveries.queue(
                        fastOne.id(),
                        "evt_fast_" + i + "_" + now.toEpochSecond(),
                        WebhookEvent.MESSAGE_STATUS,
                        "{}",
                        now);
            }
            worker.kick();
            // Before: four posters each waited on the slow one, 10 s a delivery, and the fast one waited behind them.
            await().atMost(Duration.ofSeconds(8))
                    .untilAsserted(() -> fast.verify(8, postRequestedFor(urlPathEqualTo("/fast"))));
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.connections() >= 1);
        } finally {
            subscriptions.remove(slowOne.id());
            subscriptions.remove(fastOne.id());
            slow.close();
            fast.stop();
        }
    }
}
