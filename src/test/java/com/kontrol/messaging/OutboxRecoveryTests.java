package com.kontrol.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.SecondInstance;
import com.kontrol.TestDatabase;
import com.kontrol.TwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.phone.PhoneNumber;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outbox after a crash, and with several instances: every queued text goes out, none twice. A crash leaves rows
 * behind exactly as these tests write them: queued and never tried, or "in flight" with nobody sending them any more.
 */
@SpringBootTest(
        properties = {
            "kontrol.twilio.account-sid=" + TwilioStandIn.SID,
            "kontrol.twilio.auth-token=" + TwilioStandIn.TOKEN,
            "kontrol.twilio.phone-number=" + TwilioStandIn.NUMBER,
            "kontrol.sms.messages-per-second=0",
            "spring.application.name=outbox-recovery"
        })
class OutboxRecoveryTests {

    static final TwilioStandIn twilio = new TwilioStandIn();
    static final AtomicInteger NUMBERS = new AtomicInteger(3000);

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
    Messages messages;

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @BeforeEach
    void reset() {
        twilio.acceptMessages();
    }

    @Test
    void aTextQueuedBeforeACrashIsSentOnceAfterTheRestart() {
        var id = leftBehind(customer(), "queued before the crash", null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(twilio.sends()).hasSize(1);
    }

    @Test
    void aTextInFlightAtTheCrashThatReachedTwilioIsNotSentAgain() {
        var customer = customer();
        twilio.listMessages("""
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
        assertThat(twilio.sends()).isEmpty();
    }

    @Test
    void aTextInFlightAtTheCrashThatNeverReachedTwilioIsSentOnce() {
        var id = leftBehind(
                customer(),
                "lost in flight",
                OffsetDateTime.now(ZoneOffset.UTC).minus(OutboundWorker.STALE).minusSeconds(5));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(twilio.sends()).hasSize(1);
    }

    @Test
    void aTextInFlightOnALiveInstanceIsLeftToIt() throws InterruptedException {
        var id = leftBehind(customer(), "being sent elsewhere", OffsetDateTime.now(ZoneOffset.UTC));
        Thread.sleep(1500); // several polls
        assertThat(twilio.sends()).isEmpty();
        assertThat(messages.findById(id).orElseThrow().sid()).isNull();
    }

    @Test
    void twoInstancesOnOnePostgresNeverSendATextTwice() {
        Assumptions.assumeTrue(TestDatabase.onPostgres(), "several instances share a PostgreSQL database");
        try (var second = SecondInstance.start(
                environment,
                "kontrol.twilio.account-sid=" + TwilioStandIn.SID,
                "kontrol.twilio.auth-token=" + TwilioStandIn.TOKEN,
                "kontrol.twilio.phone-number=" + TwilioStandIn.NUMBER,
                "kontrol.twilio.api-base-url=" + twilio.baseUrl(),
                "kontrol.sms.messages-per-second=0")) {
            assertThat(second.getEnvironment().getProperty("spring.datasource.url"))
                    .isEqualTo(environment.getProperty("spring.datasource.url"));
            var customer = customer();
            for (int i = 0; i < 60; i++) {
                outbox.queue(customer.id(), "text number " + i, null, "admin");
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> messages.thread(customer.id(), Long.MAX_VALUE, 100).stream()
                            .allMatch(m -> m.sid() != null));
            var bodies = twilio.sends().stream().map(s -> s.get("Body")).toList();
            assertThat(bodies).hasSize(60);
            assertThat(new HashSet<>(bodies)).hasSize(60);
        }
    }

    /** Writes an outbox row as a crashed instance leaves it; {@code inFlightSince} null means never tried. */
    private long leftBehind(Customer customer, String body, OffsetDateTime inFlightSince) {
        var m = messages.addQueued(
                new Message(
                        0,
                        null,
                        customer.id(),
                        null,
                        Direction.OUTBOUND,
                        TwilioStandIn.NUMBER,
                        phone(customer),
                        body,
                        "queued",
                        null,
                        null,
                        "admin",
                        OffsetDateTime.now(ZoneOffset.UTC),
                        List.of()),
                "http://localhost",
                null);
        if (inFlightSince != null) {
            jdbc.sql("update messages set sending_since = :at, send_attempts = 1 where id = :id")
                    .param("at", inFlightSince)
                    .param("id", m.id())
                    .update();
        }
        return m.id();
    }

    private Customer customer() {
        return customers.add("Recovery", List.of(PhoneNumber.ofE164("+1650555" + NUMBERS.incrementAndGet())), true);
    }

    private static String phone(Customer c) {
        return c.primaryPhone().orElseThrow().e164();
    }
}
