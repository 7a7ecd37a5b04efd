package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.KontrolTest;
import com.kontrol.SecondInstance;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.SmsGateway;
import com.kontrol.messaging.SmsGateway.OutgoingText;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * "Running in production": two instances on one database keep one number's pace together. 60 texts from the business
 * number at 2 a second, sent by both instances, reach Twilio 29.5 s after they were queued at the soonest, and never
 * three within a second (less what a busy machine adds to one HTTP call).
 */
@KontrolTest
@WithTwilioStandIn
@TestPropertySource(properties = "kontrol.sms.messages-per-second=2")
class SharedPaceTests {

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    Outbox outbox;

    @Autowired
    MeterRegistry meters;

    @Autowired
    SmsGateway gateway;

    @Autowired
    Environment environment;

    @Test
    void twoInstancesTogetherSendFromOneNumberAtTheConfiguredRate() throws Exception {
        try (var second = SecondInstance.sendingThrough(
                twilio, environment, "kontrol.public-url=http://localhost", "kontrol.sms.messages-per-second=2")) {
            var otherMeters = second.getBean(MeterRegistry.class);
            double sentHere = sent(meters);
            double sentThere = sent(otherMeters);
            // Three customers, one business number: the pace is the number's.
            var phones = List.of(TestCustomers.newPhone(), TestCustomers.newPhone(), TestCustomers.newPhone());
            var ids = phones.stream()
                    .map(p ->
                            customers.add("Paced " + p.e164(), List.of(p), true).id())
                    .toList();
            // Each instance's first call to Twilio sets up its HTTP client and arrives some 400 ms late, closer to the
            // next one than the pace meant; a text to another number first keeps that out of what is measured.
            var warmUp = TestCustomers.newPhone().e164();
            for (var instance : List.of(gateway, second.getBean(SmsGateway.class))) {
                instance.send(
                        new OutgoingText(0, TwilioStandIn.NUMBER, warmUp, "warm-up", "http://localhost", List.of()));
            }
            long queuedAt = System.currentTimeMillis();
            for (int i = 0; i < 60; i++) {
                outbox.queue(TextToGo.to(ids.get(i % 3), "paced " + i, Sender.person("admin")));
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> phones.stream()
                                    .mapToInt(
                                            p -> twilio.sendRequestsTo(p.e164()).size())
                                    .sum()
                            == 60);
            var times = phones.stream()
                    .flatMap(p -> twilio.sendRequestsTo(p.e164()).stream())
                    .map(r -> r.getLoggedDate().getTime())
                    .sorted()
                    .toList();
            // 59 intervals of half a second after the first: the last cannot reach Twilio sooner.
            assertThat(times.get(59) - queuedAt)
                    .as("from queueing to the last send")
                    .isGreaterThanOrEqualTo(29_500);
            for (int i = 2; i < times.size(); i++) {
                // Two a second: any three sends start a second apart. At the stand-in a send arrives when its HTTP call
                // does, which on a busy machine is up to ~150 ms later for one than the next (153 ms seen on CI with
                // three builds on two cores); two instances pacing alone would put three sends within 500 ms.
                assertThat(times.get(i) - times.get(i - 2))
                        .as("sends %d to %d", i - 2, i)
                        .isGreaterThanOrEqualTo(800);
            }
            // Both instances sent some of them.
            assertThat(sent(meters)).isGreaterThan(sentHere);
            assertThat(sent(otherMeters)).isGreaterThan(sentThere);
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(6))
                    .untilAsserted(() -> assertThat(phones.stream()
                                    .mapToInt(
                                            p -> twilio.sendRequestsTo(p.e164()).size())
                                    .sum())
                            .as("each text sent once")
                            .isEqualTo(60));
        }
    }

    private static double sent(MeterRegistry registry) {
        return registry.counter("kontrol.texts.sent").count();
    }
}
