package com.kontrol.messaging.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.http.Fault;
import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import com.kontrol.phone.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step 4 of the user guide: a reply goes out at once through Twilio from the business number. Twilio is a local
 * stand-in that records each request, so every test counts exactly what reached "Twilio".
 */
@KontrolTest
@WithTwilioStandIn
class SendingTests {

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    NumberConsent consent;

    @Autowired
    Messages messages;

    @Autowired
    JobDesk jobs;

    @Test
    void aReplyGoesToTwilioAsOneExactRequestAndGetsItsSid() throws Exception {
        var maria = customer("Maria Lopez");
        var job = jobs.open(maria.id(), "Boiler service", "admin");
        var json = send(maria, "Hi {{first_name}}, job {{job_number}} is booked: {{portal_url}} — {{company_name}}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("queued"))
                .andExpect(jsonPath("$.direction").value("outbound"))
                .andExpect(jsonPath("$.sentBy").value("admin"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = Long.parseLong(json.replaceAll(".*\"id\":(\\d+).*", "$1"));
        var expected = "Hi Maria, job " + job.number() + " is booked: http://localhost/portal/" + job.portalToken()
                + " — Ace Plumbing";

        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(twilio.sendsTo(phone(maria))).hasSize(1);
        var request = twilio.sendRequestsTo(phone(maria)).get(0);
        var credentials = Base64.getEncoder()
                .encodeToString((TwilioStandIn.SID + ":" + TwilioStandIn.TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + credentials);
        assertThat(twilio.sendsTo(phone(maria)).get(0))
                .containsEntry("To", maria.primaryPhone().orElseThrow().e164())
                .containsEntry("From", TwilioStandIn.NUMBER)
                .containsEntry("Body", expected)
                .containsEntry("StatusCallback", "http://localhost/api/webhooks/twilio/status");
        var sent = messages.findById(id).orElseThrow();
        assertThat(sent.sid()).startsWith("SM");
        assertThat(sent.status()).isEqualTo("queued");
        assertThat(sent.body()).isEqualTo(expected);
    }

    @Test
    void aThrottled429IsRetriedAndSentOnce() throws Exception {
        var customer = customer("Throttled");
        twilio.answerFirst(phone(customer), TwilioStandIn.error(429, 20429, "Too Many Requests"));
        var id = queued(customer, "hello");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(twilio.sendsTo(phone(customer))).hasSize(2);
    }

    @Test
    void a5xxIsNotResentWhenTwilioTurnsOutToHaveAcceptedIt() throws Exception {
        var customer = customer("Maybe Accepted");
        twilio.answerFirst(phone(customer), TwilioStandIn.error(503, 20503, "Service Unavailable"));
        twilio.listMessages(phone(customer), """
                [{"sid": "SM0123456789abcdef0123456789abcdef", "status": "sent", "body": "did it arrive?",
                  "to": "%s", "from": "%s", "date_created": "%s", "account_sid": "%s"}]
                """.formatted(
                        customer.primaryPhone().orElseThrow().e164(),
                        TwilioStandIn.NUMBER,
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()),
                        TwilioStandIn.SID));
        var id = queued(customer, "did it arrive?");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(messages.findById(id).orElseThrow().sid()).isEqualTo("SM0123456789abcdef0123456789abcdef");
        assertThat(twilio.sendsTo(phone(customer))).hasSize(1); // found, so never sent a second time
    }

    @Test
    void a5xxIsResentWhenTwilioHasNoSuchMessage() throws Exception {
        var customer = customer("Lost In Twilio");
        twilio.answerFirst(phone(customer), TwilioStandIn.error(500, 20500, "Internal Server Error"));
        var id = queued(customer, "second try");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(twilio.sendsTo(phone(customer))).hasSize(2);
    }

    @Test
    void aDroppedConnectionIsLookedUpThenRetried() throws Exception {
        var customer = customer("Dropped");
        twilio.answerFirst(phone(customer), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        var id = queued(customer, "through a bad line");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        assertThat(twilio.sendsTo(phone(customer))).hasSize(2);
    }

    @Test
    void aPermanentErrorFailsTheMessageWithItsCodeAndMeaning() throws Exception {
        var customer = customer("Bad Number");
        twilio.answerFirst(
                phone(customer), TwilioStandIn.error(400, 21211, "The 'To' number is not a valid phone number."));
        var id = queued(customer, "hello");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().status().equals("failed"));
        var failed = messages.findById(id).orElseThrow();
        assertThat(failed.errorCode()).isEqualTo(21211);
        assertThat(failed.errorMessage()).isEqualTo("Invalid 'To' Phone Number");
        assertThat(twilio.sendsTo(phone(customer))).hasSize(1);
    }

    @Test
    void error21610FailsTheMessageAndOptsTheCustomerOut() throws Exception {
        var customer = customer("Carrier Stop");
        twilio.answerFirst(
                phone(customer), TwilioStandIn.error(400, 21610, "Attempt to send to unsubscribed recipient"));
        var id = queued(customer, "hello");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().status().equals("failed"));
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isTrue();
        send(customer, "again?").andExpect(status().isUnprocessableContent());
    }

    @Test
    void aFailedTextCanBeSentAgainFromTheThread() throws Exception {
        var customer = customer("Resend Person");
        twilio.answerFirst(phone(customer), TwilioStandIn.error(400, 30003, "Unreachable destination handset"));
        var id = queued(customer, "try me again");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().status().equals("failed"));
        var page = mvc.perform(get("/customers/" + customer.id() + "/sms").with(Staff.dana()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("30003: Unreachable destination handset").contains("/messages/" + id + "/resend");

        mvc.perform(
                        post("/messages/" + id + "/resend")
                                .header("HX-Request", "true")
                                .with(Staff.dana())
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.thread(customer.id(), Long.MAX_VALUE, 5).stream()
                        .anyMatch(
                                m -> m.id() != id && m.sid() != null && m.body().equals("try me again")));
        assertThat(twilio.sendsTo(phone(customer))).hasSize(2);
        assertThat(messages.findById(id).orElseThrow().status()).isEqualTo("failed"); // the failure stays on record
    }

    @Test
    void sendAgainPressedByTwoPeopleAtOnceSendsOneTextAndTellsTheOtherWho() throws Exception {
        var customer = customer("Double Resend");
        twilio.answerFirst(phone(customer), TwilioStandIn.error(400, 30003, "Unreachable destination handset"));
        var id = queued(customer, "only once please");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().status().equals("failed"));

        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var answers = new ArrayList<Future<String>>();
            for (var who : List.of("dana", "sam")) {
                answers.add(pool.submit(() -> {
                    start.await();
                    var r = mvc.perform(post("/api/v1/messages/" + id + "/resend")
                                    .with(org.springframework.security.test.web.servlet.request
                                            .SecurityMockMvcRequestPostProcessors.user(who)
                                            .roles("STAFF"))
                                    .contentType(MediaType.APPLICATION_JSON))
                            .andReturn()
                            .getResponse();
                    return r.getStatus() + " " + r.getContentAsString();
                }));
            }
            start.countDown();
            var results = new ArrayList<String>();
            for (var a : answers) {
                results.add(a.get(20, TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn(r -> r.startsWith("202")).hasSize(1);
            assertThat(results)
                    .filteredOn(r -> r.startsWith("409"))
                    .singleElement()
                    .satisfies(r -> assertThat(r).contains("already sent again by"));
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> twilio.sendsTo(phone(customer)).size() == 2);
        // a second resend, were there one, would have gone by now
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofMillis(300).plusSeconds(5))
                .untilAsserted(
                        () -> assertThat(twilio.sendsTo(phone(customer))).hasSize(2)); // the first and one resend
        assertThat(messages.findById(id).orElseThrow().resentBy()).isIn("dana", "sam");
        mvc.perform(post("/api/v1/messages/" + id + "/resend")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isConflict());
    }

    @Autowired
    Outbox outbox;

    @Test
    void aTextStillWaitingInTheOutboxCanBeWithdrawnAndOneThatReachedTwilioCannot() throws Exception {
        var customer = customer("Withdrawn Text");
        var waiting = outbox.queue(TextToGo.to(customer.id(), "see you at noon", Sender.person("dana"))
                .at(OffsetDateTime.now().plusHours(1)));
        mvc.perform(MockMvcRequestBuilders.delete("/api/v1/messages/" + waiting.id())
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("canceled"));

        var sent = queued(customer, "already on its way");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(sent).orElseThrow().sid() != null);
        mvc.perform(MockMvcRequestBuilders.delete("/api/v1/messages/" + sent)
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isConflict());
        assertThat(twilio.sendsTo(phone(customer))).hasSize(1); // only the one that was not withdrawn
    }

    @Test
    void whatCannotBeSentIsRefusedWith422AndNothingIsQueued() throws Exception {
        var customer = customer("Refusals");
        send(customer, "Hello {{nickname}}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.startsWith("Unknown shortcode {{nickname}}")));
        send(customer, "Your job: {{job_number}}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("needs a job")));
        send(customer, "   ").andExpect(status().isUnprocessableContent());
        send(customer, "x".repeat(1601))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.startsWith("Too long: 1601 characters")));
        var longName = customers.add("N".repeat(180), List.of(newPhone()), true);
        send(longName, "{{customer_name}}".repeat(9)) // 153 characters typed, 1,620 after expansion
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.startsWith("Too long: 1620 characters")));

        var disabled = customers.add("Disabled", List.of(newPhone()), false);
        send(disabled, "hi")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("SMS is disabled")));
        var optedOut = customer("Opted Out");
        consent.optOut(optedOut.primaryPhone().orElseThrow().e164(), ConsentSource.STAFF, "phoned the office", "dana");
        send(optedOut, "hi")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("opted out")));
        var noPhone = customers.add("No Phone", List.of(), true);
        send(noPhone, "hi").andExpect(status().isUnprocessableContent());

        // Nothing was written to the outbox, so nothing can reach Twilio later.
        for (var c : List.of(customer, longName, disabled, optedOut, noPhone)) {
            assertThat(messages.thread(c.id(), Long.MAX_VALUE, 10)).isEmpty();
        }
        for (var c : List.of(customer, longName, disabled, optedOut)) {
            assertThat(twilio.sendsTo(phone(c))).isEmpty();
        }
    }

    @Test
    void theThreadPagesBackwardsWithACursor() throws Exception {
        var customer = customer("Paged");
        for (int i = 0; i < 5; i++) {
            messages.add(Message.received(
                            "SMpage" + customer.id() + "x" + i,
                            customer.primaryPhone().orElseThrow().e164(),
                            TwilioStandIn.NUMBER,
                            "text " + i,
                            OffsetDateTime.now(),
                            List.of())
                    .inThreadOf(customer.id()));
        }
        var first = mvc.perform(get("/api/v1/customers/" + customer.id() + "/messages?limit=3")
                        .with(Staff.admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messages.length()").value(3))
                .andExpect(jsonPath("$.messages[0].body").value("text 2"))
                .andExpect(jsonPath("$.messages[2].body").value("text 4"))
                .andExpect(jsonPath("$.before").isNumber())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var before = first.replaceAll(".*\"before\":(\\d+).*", "$1");
        mvc.perform(get("/api/v1/customers/" + customer.id() + "/messages?limit=3&before=" + before)
                        .with(Staff.admin()))
                .andExpect(jsonPath("$.messages.length()").value(2))
                .andExpect(jsonPath("$.messages[0].body").value("text 0"))
                .andExpect(jsonPath("$.before").doesNotExist());
        mvc.perform(get("/api/v1/customers/987654/messages").with(Staff.admin()))
                .andExpect(status().isNotFound());
    }

    private ResultActions send(Customer customer, String body) throws Exception {
        return mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                .with(Staff.admin())
                .contentType(MediaType.APPLICATION_JSON)
                .content(JsonMapper.shared().writeValueAsString(Map.of("body", body))));
    }

    private long queued(Customer customer, String body) throws Exception {
        var json = send(customer, body)
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(json.replaceAll(".*\"id\":(\\d+).*", "$1"));
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(newPhone()), true);
    }

    private static PhoneNumber newPhone() {
        return TestCustomers.newPhone();
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }
}
