package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.KontrolTest;
import com.kontrol.SecondInstance;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox after a crash, and with several instances: every queued text goes out, none twice. A crash leaves rows
 * behind exactly as these tests write them: queued and never tried, or "in flight" with nobody sending them any more.
 */
@KontrolTest
@WithTwilioStandIn
class OutboxRecoveryTests {

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRows rows;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Test
    void aTextQueuedBeforeACrashIsSentOnceAfterTheRestart() {
        var customer = customer();
        var id = leftBehind(customer, "queued before the crash", null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(twilio.sendsTo(phone(customer))).hasSize(1);
    }

    @Test
    void aTextInFlightAtTheCrashThatReachedTwilioIsNotSentAgain() {
        var customer = customer();
        twilio.listMessages(phone(customer), """
                [{"sid": "SMfeedfacefeedfacefeedfacefeedface", "status": "delivered", "body": "in flight",
                  "to": "%s", "from": "%s", "date_created": "%s", "account_sid": "%s"}]
                """.formatted(
                        phone(customer),
                        TwilioStandIn.NUMBER,
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)),
                        TwilioStandIn.SID));
        var id = leftBehind(
                customer,
                "in flight",
                OffsetDateTime.now(ZoneOffset.UTC).minus(OutboundWorker.STALE).minusSeconds(5));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(messages.findById(id).orElseThrow().sid()).isEqualTo("SMfeedfacefeedfacefeedfacefeedface");
        assertThat(twilio.sendsTo(phone(customer))).isEmpty();
    }

    @Test
    void aTextInFlightAtTheCrashThatNeverReachedTwilioIsSentOnce() {
        var customer = customer();
        var id = leftBehind(
                customer,
                "lost in flight",
                OffsetDateTime.now(ZoneOffset.UTC).minus(OutboundWorker.STALE).minusSeconds(5));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(twilio.sendsTo(phone(customer))).hasSize(1);
    }

    @Test
    void aTextInFlightOnALiveInstanceIsLeftToIt() {
        var customer = customer();
        var id = leftBehind(customer, "being sent elsewhere", OffsetDateTime.now(ZoneOffset.UTC));
        // A text queued after it goes out: the worker has looked at the outbox since the other was left in flight.
        var later = leftBehind(customer, "queued later", null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(later).orElseThrow().sid() != null);
        assertThat(twilio.sendsTo(phone(customer)))
                .extracting(s -> s.get("Body"))
                .containsExactly("queued later");
        assertThat(messages.findById(id).orElseThrow().sid()).isNull();
        // The other instance finishes it (else this context would take it over once it is stale, in a later test).
        jdbc.sql("update messages set status = 'canceled', sending_since = null where id = :id")
                .param("id", id)
                .update();
    }

    @Test
    void twoInstancesOnOnePostgresNeverSendATextTwice() {
        try (var second = SecondInstance.sendingThrough(twilio, environment, "kontrol.sms.messages-per-second=0")) {
            assertThat(second.getEnvironment().getProperty("spring.datasource.url"))
                    .isEqualTo(environment.getProperty("spring.datasource.url"));
            var customer = customer();
            for (int i = 0; i < 60; i++) {
                outbox.queue(TextToGo.to(customer.id(), "text number " + i, Sender.person("admin")));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> messages.thread(customer.id(), Long.MAX_VALUE, 100).stream()
                            .allMatch(m -> m.sid() != null));
            var bodies = twilio.sendsTo(phone(customer)).stream()
                    .map(s -> s.get("Body"))
                    .toList();
            assertThat(bodies).hasSize(60);
            assertThat(new HashSet<>(bodies)).hasSize(60);
        }
    }

    /** Writes an outbox row as a crashed instance leaves it; {@code inFlightSince} null means never tried. */
    private long leftBehind(Customer customer, String body, OffsetDateTime inFlightSince) {
        var m = rows.addQueued(
                Message.queued(
                        customer.id(),
                        null,
                        TwilioStandIn.NUMBER,
                        phone(customer),
                        body,
                        Sender.person("admin"),
                        OffsetDateTime.now(ZoneOffset.UTC)),
                "http://localhost",
                null,
                OutboxRows.TYPED);
        if (inFlightSince != null) {
            jdbc.sql("update messages set sending_since = :at, send_attempts = 1 where id = :id")
                    .param("at", inFlightSince)
                    .param("id", m.id())
                    .update();
        }
        return m.id();
    }

    private Customer customer() {
        return customers.add("Recovery", List.of(TestCustomers.newPhone()), true);
    }

    private static String phone(Customer c) {
        return c.primaryPhone().orElseThrow().e164();
    }
}
