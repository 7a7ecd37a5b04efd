package com.kontrol.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.phone.PhoneNumber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Texts from one number go out no faster than kontrol.sms.messages-per-second. */
@SpringBootTest(
        properties = {
            "kontrol.twilio.account-sid=" + TwilioStandIn.SID,
            "kontrol.twilio.auth-token=" + TwilioStandIn.TOKEN,
            "kontrol.twilio.phone-number=" + TwilioStandIn.NUMBER,
            "kontrol.sms.messages-per-second=4"
        })
class PacingTests {

    static final TwilioStandIn twilio = new TwilioStandIn();

    @DynamicPropertySource
    static void twilioApi(DynamicPropertyRegistry registry) {
        registry.add("kontrol.twilio.api-base-url", twilio::baseUrl);
    }

    @AfterAll
    static void stop() {
        twilio.close();
    }

    @Autowired
    Customers customers;

    @Autowired
    Outbox outbox;

    @Test
    void sendsFromOneNumberArePaced() {
        var customer = customers.add("Paced", List.of(PhoneNumber.ofE164("+16505559001")), true);
        // One text first, so that the first HTTP connection's set-up does not blur the gaps measured below.
        outbox.queue(customer.id(), "warm-up", null, "admin");
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.sendRequests().size() == 1);
        twilio.acceptMessages();
        for (int i = 0; i < 5; i++) {
            outbox.queue(customer.id(), "paced " + i, null, "admin");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> twilio.sendRequests().size() == 5);
        var times = twilio.sendRequests().stream()
                .map(r -> r.getLoggedDate().getTime())
                .sorted()
                .toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1))
                    .as("gap before send " + i)
                    .isGreaterThanOrEqualTo(200);
        }
    }
}
