package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Sender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Texts from one number go out no faster than kontrol.sms.messages-per-second. */
@KontrolTest
@WithTwilioStandIn
@TestPropertySource(properties = "kontrol.sms.messages-per-second=4")
class PacingTests {

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    Outbox outbox;

    @Test
    void sendsFromOneNumberArePaced() {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Paced", List.of(phone), true);
        // One text first, so that the first HTTP connection's set-up does not blur the gaps measured below.
        outbox.queue(TextToGo.to(customer.id(), "warm-up", Sender.person("admin")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> twilio.sendRequestsTo(phone.e164()).size() == 1);
        twilio.acceptMessages();
        for (int i = 0; i < 5; i++) {
            outbox.queue(TextToGo.to(customer.id(), "paced " + i, Sender.person("admin")));
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> twilio.sendRequestsTo(phone.e164()).size() == 5);
        var times = twilio.sendRequestsTo(phone.e164()).stream()
                .map(r -> r.getLoggedDate().getTime())
                .sorted()
                .toList();
        // 4 per second: 250 ms apart. Each arrival at the stand-in can be late by an HTTP call's jitter (tens of ms
        // on a busy machine), which shortens the gap after it and lengthens the one before: the span of the five
        // cancels that out, and no two may come close together.
        assertThat(times.get(4) - times.get(0)).as("span of 5 sends").isGreaterThanOrEqualTo(4 * 250 - 100);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1))
                    .as("gap before send " + i)
                    .isGreaterThanOrEqualTo(125);
        }
    }
}
