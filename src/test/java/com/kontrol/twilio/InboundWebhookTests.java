package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.ReceivedTexts;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioSigner;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.unassigned.UnassignedNumbers;
import com.kontrol.phone.PhoneNumber;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Step 2 of the user guide: Twilio posts each text to the inbound webhook, and Kontrol files it. */
@KontrolTest
@WithTwilioStandIn
class InboundWebhookTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UnassignedNumbers inbox;

    @Autowired
    ReceivedTexts received;

    @Autowired
    MeterRegistry meters;

    Webhooks webhooks;

    @BeforeEach
    void setUp() {
        webhooks = new Webhooks(mvc);
    }

    @Test
    void aCustomersReplyLandsInTheirThreadAndIsAnsweredWithEmptyTwiml() throws Exception {
        var customer = customerWithNewNumber("Reply Person");
        var sid = Webhooks.newSid();
        webhooks.inbound(Webhooks.text(sid, phone(customer), "Yes, Tuesday works"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_XML))
                .andExpect(content().xml("<Response/>"));
        var stored = messages.findBySid(sid).orElseThrow();
        assertThat(stored.customerId()).isEqualTo(customer.id());
        assertThat(stored.direction()).isEqualTo(Direction.INBOUND);
        assertThat(stored.body()).isEqualTo("Yes, Tuesday works");
        assertThat(stored.from()).isEqualTo(phone(customer));
        assertThat(stored.to()).isEqualTo(TwilioStandIn.NUMBER);
        assertThat(stored.status()).isEqualTo("received");
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 10))
                .extracting(Message::sid)
                .containsExactly(sid);
        assertThat(received.events()).anyMatch(e -> sid.equals(e.message().sid()));
    }

    @Test
    void aTextFromAnyOfTheCustomersNumbersGoesToTheirThread() throws Exception {
        var second = TestCustomers.newPhone().e164();
        var customer =
                customers.add("Two Phones", List.of(PhoneNumber.ofE164(newNumber()), PhoneNumber.ofE164(second)), true);
        var sid = Webhooks.newSid();
        webhooks.inbound(Webhooks.text(sid, second, "from my work phone")).andExpect(status().isOk());
        assertThat(messages.findBySid(sid).orElseThrow().customerId()).isEqualTo(customer.id());
    }

    @Test
    void badSignatureGets403AndStoresNothing() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, newNumber(), "forged");
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params).header("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl"))
                .andExpect(status().isForbidden());
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params)).andExpect(status().isForbidden());
        var wrongToken =
                TwilioSigner.sign("ffffffffffffffffffffffffffffffff", Webhooks.BASE + Webhooks.INBOUND, params);
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params).header("X-Twilio-Signature", wrongToken))
                .andExpect(status().isForbidden());
        var otherUrl = TwilioSigner.sign(TwilioStandIn.TOKEN, "http://localhost/somewhere/else", params);
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params).header("X-Twilio-Signature", otherUrl))
                .andExpect(status().isForbidden());
        // A signed body whose text was changed on the way.
        var signature = TwilioSigner.sign(TwilioStandIn.TOKEN, Webhooks.BASE + Webhooks.INBOUND, params);
        var tampered = new LinkedHashMap<>(params);
        tampered.put("Body", "changed");
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, tampered).header("X-Twilio-Signature", signature))
                .andExpect(status().isForbidden());
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void theStatusCallbackChecksSignaturesToo() throws Exception {
        var message = sentMessage("+14155550999");
        var params = Webhooks.status(message.sid(), "delivered");
        mvc.perform(Webhooks.unsigned(Webhooks.STATUS, params).header("X-Twilio-Signature", "AAAA"))
                .andExpect(status().isForbidden());
        assertThat(messages.findBySid(message.sid()).orElseThrow().status()).isEqualTo("queued");
    }

    @Test
    void queryParametersAreSignedAsPartOfTheUrlButNotAsParameters() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, newNumber(), "with a query string");
        var url = Webhooks.BASE + Webhooks.INBOUND + "?tenant=main";
        mvc.perform(MockMvcRequestBuilders.post(Webhooks.INBOUND + "?tenant=main")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content(TwilioSigner.form(params))
                        .header("X-Twilio-Signature", TwilioSigner.sign(TwilioStandIn.TOKEN, url, params)))
                .andExpect(status().isOk());
        assertThat(messages.findBySid(sid)).isPresent();
    }

    @Test
    void twiliosRetryOfTheSameMessageSidIsStoredOnce() throws Exception {
        var customer = customerWithNewNumber("Retry Person");
        var params = Webhooks.text(Webhooks.newSid(), phone(customer), "sent twice");
        webhooks.inbound(params).andExpect(status().isOk());
        webhooks.inbound(params).andExpect(status().isOk()).andExpect(content().xml("<Response/>"));
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 10)).hasSize(1);
        assertThat(received.events())
                .filteredOn(e -> Objects.equals(e.message().customerId(), customer.id()))
                .hasSize(1);
    }

    @Test
    void unknownNumberLandsInUnassignedInbox() throws Exception {
        var stranger = newNumber();
        var sid = Webhooks.newSid();
        webhooks.inbound(Webhooks.text(sid, stranger, "Hi, is this the plumber?"))
                .andExpect(status().isOk());
        var stored = messages.findBySid(sid).orElseThrow();
        assertThat(stored.customerId()).isNull();
        assertThat(inbox.conversations(false, 1000)).anyMatch(c -> c.phone().equals(stranger));
    }

    @Test
    void shortCodesAndAlphanumericSendersAreStoredNeverDropped() throws Exception {
        for (var sender : List.of("89361", "KONTROL", "whatsapp:+14155550123")) {
            var sid = Webhooks.newSid();
            webhooks.inbound(Webhooks.text(sid, sender, "Your code is 1234")).andExpect(status().isOk());
            var stored = messages.findBySid(sid).orElseThrow();
            assertThat(stored.from()).isEqualTo(sender);
            assertThat(stored.customerId()).isNull();
        }
    }

    @Test
    void aNumberSharedByCustomersGoesToTheOneLastTextedFromKontrol() throws Exception {
        var shared = newNumber();
        var older = customers.add("Shared Older", List.of(PhoneNumber.ofE164(shared)), true);
        var newer = customers.add("Shared Newer", List.of(PhoneNumber.ofE164(shared)), true);

        var first = Webhooks.newSid();
        webhooks.inbound(Webhooks.text(first, shared, "nobody texted us yet")).andExpect(status().isOk());
        assertThat(messages.findBySid(first).orElseThrow().customerId()).isEqualTo(older.id());

        messages.add(outbound(newer.id(), shared, Webhooks.newSid()));
        var second = Webhooks.newSid();
        webhooks.inbound(Webhooks.text(second, shared, "answering the newer one"))
                .andExpect(status().isOk());
        assertThat(messages.findBySid(second).orElseThrow().customerId()).isEqualTo(newer.id());
    }

    @Test
    void everyMediaItemOfAnMmsIsKept() throws Exception {
        var customer = customerWithNewNumber("Mms Person");
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, phone(customer), "");
        params.put("NumMedia", "2");
        params.put(
                "MediaUrl0",
                "https://api.twilio.com/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/" + sid + "/Media/ME1");
        params.put("MediaContentType0", "image/jpeg");
        params.put(
                "MediaUrl1",
                "https://api.twilio.com/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/" + sid + "/Media/ME2");
        params.put("MediaContentType1", "application/pdf");
        webhooks.inbound(params).andExpect(status().isOk());
        var stored = messages.findBySid(sid).orElseThrow();
        assertThat(stored.body()).isEmpty();
        assertThat(stored.media()).extracting(m -> m.contentType()).containsExactly("image/jpeg", "application/pdf");
        assertThat(stored.media().get(0).url()).endsWith("/Media/ME1");
    }

    @Test
    void stopOptsTheCustomerOutAndStartOptsThemBackIn() throws Exception {
        for (var stop :
                List.of("STOP", " stop ", "Unsubscribe", "cancel", "END", "quit", "STOPALL", "revoke", "OPTOUT")) {
            var customer = customerWithNewNumber("Stopper");
            webhooks.inbound(Webhooks.text(Webhooks.newSid(), phone(customer), stop))
                    .andExpect(status().isOk());
            var after = customers.findById(customer.id()).orElseThrow();
            assertThat(after.smsOptedOut()).as(stop).isTrue();
            assertThat(after.smsOptedOutAt()).isNotNull();
            assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 5))
                    .extracting(Message::body)
                    .containsExactly(stop);
        }
        for (var start : List.of("START", "unstop", "Yes")) {
            var customer = customerWithNewNumber("Starter");
            webhooks.inbound(Webhooks.text(Webhooks.newSid(), phone(customer), "STOP"));
            webhooks.inbound(Webhooks.text(Webhooks.newSid(), phone(customer), start));
            assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                    .as(start)
                    .isFalse();
        }
    }

    @Test
    void stopInsideASentenceIsAnOrdinaryMessage() throws Exception {
        var customer = customerWithNewNumber("Sentence");
        webhooks.inbound(Webhooks.text(Webhooks.newSid(), phone(customer), "Please stop by at 3"));
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isFalse();
    }

    @Test
    void twiliosOwnOptOutVerdictCounts() throws Exception {
        var customer = customerWithNewNumber("Advanced OptOut");
        var params = Webhooks.text(Webhooks.newSid(), phone(customer), "arrêtez");
        params.put("OptOutType", "STOP");
        webhooks.inbound(params);
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isTrue();
        var back = Webhooks.text(Webhooks.newSid(), phone(customer), "commencer");
        back.put("OptOutType", "START");
        webhooks.inbound(back);
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isFalse();
    }

    @Test
    void retriesRacingEachOtherAreStoredOnce() throws Exception {
        var customer = customerWithNewNumber("Racing Retries");
        var params = Webhooks.text(Webhooks.newSid(), phone(customer), "sent at the same moment");
        var pool = Executors.newFixedThreadPool(8);
        try {
            var calls = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> mvc.perform(Webhooks.signed(Webhooks.INBOUND, params))
                        .andReturn()
                        .getResponse()
                        .getStatus()));
            }
            for (var call : calls) {
                assertThat(call.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 50)).hasSize(1);
    }

    @Test
    void textsArrivingTogetherAreStoredOnceEachInTheirThreadsAndTheirConversationsWait() throws Exception {
        var group = UUID.randomUUID().toString().substring(0, 8); // words no other test sends
        var senders = new ArrayList<Customer>();
        for (int c = 0; c < 6; c++) {
            senders.add(customerWithNewNumber("Together " + c));
        }
        var calls = new ArrayList<Map<String, String>>();
        for (var customer : senders) {
            for (int t = 0; t < 3; t++) {
                var text = Webhooks.text(Webhooks.newSid(), phone(customer), group + " text " + t);
                calls.add(text);
                calls.add(text); // and Twilio's retry of it, at the same moment
            }
        }
        var strangers = new ArrayList<String>();
        for (int n = 0; n < 4; n++) {
            strangers.add(newNumber());
            calls.add(Webhooks.text(Webhooks.newSid(), strangers.get(n), group + " who is this"));
        }
        Collections.shuffle(calls, new Random(7));
        var pool = Executors.newFixedThreadPool(16);
        var start = new CountDownLatch(1);
        try {
            var answers = new ArrayList<Future<Integer>>();
            for (var params : calls) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return mvc.perform(Webhooks.signed(Webhooks.INBOUND, params))
                            .andReturn()
                            .getResponse()
                            .getStatus();
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(meters.get("kontrol.inbound.group.commit.batch").summary().max())
                .as("some of these texts shared a commit")
                .isGreaterThan(1);
        for (var customer : senders) {
            var thread = messages.thread(customer.id(), Long.MAX_VALUE, 50);
            assertThat(thread)
                    .extracting(Message::body)
                    .containsExactlyInAnyOrder(group + " text 0", group + " text 1", group + " text 2");
            var conversation = jdbc.sql("select last_inbound_id, state, waiting_since from conversations"
                            + " where customer_id = :id")
                    .param("id", customer.id())
                    .query((rs, n) -> List.of(rs.getLong(1), rs.getString(2), rs.getObject(3) != null))
                    .single();
            assertThat(conversation)
                    .containsExactly(
                            thread.stream().mapToLong(Message::id).max().orElseThrow(), "open", true);
        }
        for (var stranger : strangers) {
            assertThat(jdbc.sql("select count(*) from messages where from_address = :p and customer_id is null")
                            .param("p", stranger)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    Customer customerWithNewNumber(String name) {
        return customers.add(name, List.of(PhoneNumber.ofE164(newNumber())), true);
    }

    static String phone(Customer c) {
        return c.primaryPhone().orElseThrow().e164();
    }

    /** A number no other test in this JVM uses. */
    private static String newNumber() {
        return TestCustomers.newPhone().e164();
    }

    static Message outbound(long customerId, String to, String sid) {
        return Message.queued(
                        customerId,
                        null,
                        TwilioStandIn.NUMBER,
                        to,
                        "hello",
                        Sender.person("admin"),
                        OffsetDateTime.now())
                .withSid(sid);
    }

    Message sentMessage(String to) {
        var customer = customers.add("Sent To", List.of(PhoneNumber.ofE164(newNumber())), true);
        return messages.add(outbound(customer.id(), to, Webhooks.newSid()));
    }

    Map<String, Object> row(String sid) {
        return jdbc.sql("select * from messages where sid = :sid")
                .param("sid", sid)
                .query()
                .singleRow();
    }
}
