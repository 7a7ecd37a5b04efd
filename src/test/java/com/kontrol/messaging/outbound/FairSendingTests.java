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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** A reply a person typed is not stuck behind a burst of automatic notifications from the same number. */
@KontrolTest
@WithTwilioStandIn
@TestPropertySource(properties = "kontrol.sms.messages-per-second=10")
class FairSendingTests {

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aStaffReplyGoesOutWithinTheNextFewSendsAfter200QueuedNotifications() {
        var notified = TestCustomers.newPhone();
        var burst = customers.add("Notified Often", List.of(notified), true);
        var waiting = TestCustomers.newPhone();
        var customer = customers.add("Waiting For A Person", List.of(waiting), true);
        try {
            for (int i = 0; i < 200; i++) {
                outbox.queue(TextToGo.to(burst.id(), "Your job update " + i, Sender.Automatic.NOTIFICATION));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !twilio.sendRequestsTo(notified.e164()).isEmpty()); // the burst is going out
            outbox.queue(TextToGo.to(customer.id(), "Yes, we can come at 3", Sender.person("dana")));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> twilio.sendRequestsTo(waiting.e164()).size() == 1);

            var replyAt =
                    twilio.sendRequestsTo(waiting.e164()).get(0).getLoggedDate().getTime();
            var notificationsBefore = twilio.sendRequestsTo(notified.e164()).stream()
                    .filter(r -> r.getLoggedDate().getTime() < replyAt)
                    .count();
            // At 10 a second the worker plans two seconds ahead: what was already planned goes first, then the reply.
            assertThat(notificationsBefore).isLessThan(40); // in queue order it would be all 200
        } finally {
            jdbc.sql("update messages set status = 'canceled' where customer_id = :id and status = 'queued'")
                    .param("id", burst.id())
                    .update();
        }
    }
}
