package com.kontrol.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.SecondInstance;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestHours;
import com.kontrol.TestStaff;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Push on a person's devices, against a push service on a local port that decrypts every push with the device's own
 * keys and checks the VAPID signature, as a browser's service and the browser do: what pushes, to whom, how often, and
 * what becomes of a push the service refuses, asks to wait for, or gets after a restart.
 */
@KontrolTest
@WithTwilioStandIn
@TestPropertySource(properties = {"kontrol.push.allow-private-endpoints=true", "kontrol.push.retry-millis=600000"})
class PushTests {

    static final PushStandIn service = PushStandIn.shared();

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PushQueue queue;

    @Autowired
    Environment environment;

    @BeforeEach
    void closedAllWeek() throws Exception { // a push comes whatever the hour, unlike the browser's alerts
        hours(TestHours.CLOSED);
    }

    @AfterEach
    void usualHoursAgain() throws Exception {
        hours(TestHours.USUAL);
        assertThat(service.failures()).isEmpty(); // every push decrypted and carried a valid VAPID signature
    }

    @Test
    void aTextInMyConversationPushesOnceToEachOfMyDevicesAndToNobodyElse() throws Exception {
        var owen = TestStaff.add(mvc, "owen", "Owen", null);
        var olga = TestStaff.add(mvc, "olga", "Olga", null);
        var customer = customer("Pushed Paula");
        own(customer, owen);
        var phone = subscribe(owen);
        var laptop = subscribe(owen);
        var olgasPhone = subscribe(olga);

        text(
                customer,
                "The water heater is leaking again, can someone come today? It is on the floor now and the"
                        + " basement smells of gas, my kids are home and I do not know what to do.");

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        phone.deliveries().size() == 1 && laptop.deliveries().size() == 1);
        var push = phone.deliveries().get(0);
        assertThat(push.title()).isEqualTo(customer.name());
        assertThat(push.body()).startsWith("The water heater is leaking again").endsWith("…");
        assertThat(push.body().length()).isLessThanOrEqualTo(PushNotice.MAX_BODY);
        assertThat(push.payload().path("url").asString()).isEqualTo("/communication/conversations/" + customer.id());
        assertThat(push.payload().path("tag").asString()).isEqualTo("c" + customer.id());
        assertThat(push.topic()).isEqualTo("c" + customer.id());
        assertThat(push.ttl()).isEqualTo("86400");
        assertThat(push.vapidKey()).isEqualTo(publicKey());
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(phone.deliveries()).hasSize(1);
            assertThat(laptop.deliveries()).hasSize(1);
            assertThat(olgasPhone.deliveries()).isEmpty();
        });
    }

    @Test
    void aTextNobodyOwnsPushesOnlyToThoseWhoChoseIt() throws Exception {
        var una = TestStaff.add(mvc, "una", "Una", null);
        var ned = TestStaff.add(mvc, "ned", "Ned", null);
        var unasPhone = subscribe(una);
        var nedsPhone = subscribe(ned);
        mvc.perform(
                        post("/profile/alerts/push/choice")
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.user(una)
                                        .roles("STAFF"))
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                                .param("unowned", "true"))
                .andExpect(status().isOk());
        var customer = customer("Unowned Ursula");

        text(customer, "hello, is the shop open saturday?");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> unasPhone.deliveries().size() == 1);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(nedsPhone.deliveries()).isEmpty());
    }

    @Test
    void aMentionAndAnAssignmentPushButTakingAConversationOneselfDoesNot() throws Exception {
        var mia = TestStaff.add(mvc, "mia", "Mia", null);
        var phone = subscribe(mia);
        var customer = customer("Mentioned Mona");
        text(customer, "Hello"); // a conversation starts with a text

        mvc.perform(post("/api/v1/customers/" + customer.id() + "/notes")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"@" + mia + " can you call her back about the quote?\"}"))
                .andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.deliveries().size() == 1);
        assertThat(phone.deliveries().get(0).title()).isEqualTo("admin mentioned you · " + customer.name());
        assertThat(phone.deliveries().get(0).body()).contains("can you call her back");

        mvc.perform(post("/api/v1/conversations/" + customer.id() + "/owner")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + mia + "\"}"))
                .andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.deliveries().size() == 2);
        assertThat(phone.deliveries().get(1).body()).isEqualTo("admin gave you this conversation.");

        var other = customer("Taken Tina");
        text(other, "Hello");
        mvc.perform(post("/api/v1/conversations/" + other.id() + "/owner")
                        .with(httpBasic(mia, TestStaff.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + mia + "\"}"))
                .andExpect(status().isOk());
        await().during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(phone.deliveries()).hasSize(2));
    }

    @Test
    void aDeviceThePushServiceSaysIsGoneIsRemoved() throws Exception {
        var gus = TestStaff.add(mvc, "gus", "Gus", null);
        var customer = customer("Gone Gina");
        own(customer, gus);
        var oldPhone = subscribe(gus);
        var newPhone = subscribe(gus);
        oldPhone.answer(410, null);

        text(customer, "are you still coming?");

        await().atMost(Duration.ofSeconds(10)).until(() -> newPhone.deliveries().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> devices(gus).equals(List.of(newPhone.endpoint())));
    }

    @Test
    void aPushServiceThatAsksToWaitGetsThePushAgainLaterOnce() throws Exception {
        var rae = TestStaff.add(mvc, "rae", "Rae", null);
        var customer = customer("Retried Rita");
        own(customer, rae);
        var phone = subscribe(rae);
        phone.answer(429, "120");

        text(customer, "what time tomorrow?");

        await().atMost(Duration.ofSeconds(10)).until(() -> attempts(rae) == 1);
        var next = jdbc.sql("select next_attempt_at from push_queue where username = :u")
                .param("u", rae)
                .query(OffsetDateTime.class)
                .single();
        assertThat(next).isAfter(OffsetDateTime.now().plusSeconds(110)); // the wait it asked for, not less

        phone.accept();
        queue.sendDue(); // not yet due: nothing goes
        assertThat(phone.deliveries()).isEmpty();
        jdbc.sql("update push_queue set next_attempt_at = now() where username = :u")
                .param("u", rae)
                .update();
        queue.sendDue();
        queue.sendDue();
        assertThat(phone.deliveries()).hasSize(1);
        assertThat(attempts(rae)).isEqualTo(-1); // gone from the queue
    }

    @Test
    void readingTheConversationDropsAPushStillWaiting() throws Exception {
        var ida = TestStaff.add(mvc, "ida", "Ida", null);
        var customer = customer("Read Rosa");
        own(customer, ida);
        var phone = subscribe(ida);
        phone.answer(503, null);
        text(customer, "thanks, see you then");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts(ida) == 1);

        mvc.perform(post("/api/v1/conversations/" + customer.id() + "/read")
                        .with(httpBasic(ida, TestStaff.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().is2xxSuccessful());

        assertThat(attempts(ida)).isEqualTo(-1);
        phone.accept();
        queue.sendDue();
        assertThat(phone.deliveries()).isEmpty();
    }

    @Test
    void aPushNotYetSentWhenKontrolStopsIsSentOnceByTheRestartedServer() throws Exception {
        var ric = TestStaff.add(mvc, "ric", "Ric", null);
        var customer = customer("Restarted Rhoda");
        own(customer, ric);
        var phone = subscribe(ric);
        phone.answer(503, null); // the push service is down when the text arrives
        text(customer, "the boiler is making that noise again");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts(ric) == 1);

        // Kontrol stops; the push service is back; time passes. Another server starts on the same database.
        phone.accept();
        jdbc.sql("update push_queue set next_attempt_at = now() where username = :u")
                .param("u", ric)
                .update();
        try (var restarted = SecondInstance.start(
                environment, "kontrol.push.allow-private-endpoints=true", "kontrol.push.retry-millis=200")) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> phone.deliveries().size() == 1);
            assertThat(phone.deliveries().get(0).body()).isEqualTo("the boiler is making that noise again");
        }
        // And again: nothing left to send twice.
        try (var again = SecondInstance.start(
                environment, "kontrol.push.allow-private-endpoints=true", "kontrol.push.retry-millis=200")) {
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(8))
                    .untilAsserted(() -> assertThat(phone.deliveries()).hasSize(1));
        }
        assertThat(attempts(ric)).isEqualTo(-1);
    }

    @Test
    void theApiGivesThePublicKeyAndKeepsEachPersonsDevicesTheirOwn() throws Exception {
        var key = Base64.getUrlDecoder().decode(publicKey());
        assertThat(key).hasSize(65);
        assertThat(key[0]).isEqualTo((byte) 4);

        var vic = TestStaff.add(mvc, "vic", "Vic", null);
        var wes = TestStaff.add(mvc, "wes", "Wes", null);
        var vicsPhone = service.newDevice();
        var id = subscribe(vic, vicsPhone);
        subscribe(wes);
        mvc.perform(get("/api/v1/push/subscriptions").with(httpBasic(vic, TestStaff.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.subscriptions.length()").value(1))
                .andExpect(jsonPath("$.subscriptions[0].id").value(id))
                .andExpect(jsonPath("$.subscriptions[0].endpoint").value(vicsPhone.endpoint()));

        // Wes cannot remove Vic's device; Vic can.
        mvc.perform(delete("/api/v1/push/subscriptions/" + id)
                        .with(httpBasic(wes, TestStaff.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/push/subscriptions/" + id)
                        .with(httpBasic(vic, TestStaff.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isNoContent());
        assertThat(devices(vic)).isEmpty();

        // The same browser subscribed again by someone else who signed in there is theirs now, not a second device.
        var shared = service.newDevice();
        subscribe(vic, shared);
        subscribe(wes, shared);
        assertThat(devices(vic)).isEmpty();
        assertThat(devices(wes)).contains(shared.endpoint());
    }

    @Test
    void aSubscriptionThatCouldNotWorkIsRefusedWithWhy() throws Exception {
        var zed = TestStaff.add(mvc, "zed", "Zed", null);
        var device = service.newDevice();
        refused(
                zed,
                "{\"endpoint\":\"ftp://127.0.0.1/x\",\"keys\":{\"p256dh\":\"" + device.p256dh() + "\",\"auth\":\""
                        + device.auth() + "\"}}",
                "http or https");
        refused(
                zed,
                "{\"endpoint\":\"" + device.endpoint() + "\",\"keys\":{\"p256dh\":\"AAAA\",\"auth\":\"" + device.auth()
                        + "\"}}",
                "p256dh");
        var offCurve = new byte[65];
        offCurve[0] = 4;
        offCurve[64] = 7;
        refused(
                zed,
                "{\"endpoint\":\"" + device.endpoint() + "\",\"keys\":{\"p256dh\":\"" + PushStandIn.url(offCurve)
                        + "\",\"auth\":\"" + device.auth() + "\"}}",
                "curve");
        refused(
                zed,
                "{\"endpoint\":\"" + device.endpoint() + "\",\"keys\":{\"p256dh\":\"" + device.p256dh()
                        + "\",\"auth\":\"short\"}}",
                "auth");
        refused(zed, "{\"endpoint\":\"" + device.endpoint() + "\"}", "keys");
        refused(zed, "", "subscription");
        for (int i = 0; i < PushSubscriptions.MAX_DEVICES; i++) {
            subscribe(zed);
        }
        refused(zed, service.newDevice().json(), "remove one");
        assertThat(devices(zed)).hasSize(PushSubscriptions.MAX_DEVICES);
    }

    private void refused(String who, String body, String why) throws Exception {
        mvc.perform(post("/api/v1/push/subscriptions")
                        .with(httpBasic(who, TestStaff.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value(Matchers.containsString(why)));
    }

    private PushStandIn.Device subscribe(String who) throws Exception {
        var device = service.newDevice();
        subscribe(who, device);
        return device;
    }

    private long subscribe(String who, PushStandIn.Device device) throws Exception {
        var answer = mvc.perform(post("/api/v1/push/subscriptions")
                        .with(httpBasic(who, TestStaff.PASSWORD))
                        .header("User-Agent", "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(device.json()))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(answer.replaceAll("\\D", ""));
    }

    private List<String> devices(String who) {
        return jdbc.sql("select endpoint from push_subscriptions where username = :u order by id")
                .param("u", who)
                .query(String.class)
                .list();
    }

    /** The attempts of {@code who}'s one queued push; -1 when none is queued. */
    private int attempts(String who) {
        return jdbc.sql("select attempts from push_queue where username = :u")
                .param("u", who)
                .query(Integer.class)
                .optional()
                .orElse(-1);
    }

    private String publicKey() throws Exception {
        var json = mvc.perform(get("/api/v1/push/public-key").with(Staff.admin()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.replaceAll(".*\"publicKey\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private Customer customer(String name) {
        return customers.add(name + " " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
    }

    /** Given to {@code username} by an admin once the customer has texted; before their devices subscribe, so that it pushes nothing here. */
    private void own(Customer customer, String username) throws Exception {
        text(customer, "Hello"); // a conversation starts with a text
        api(post("/api/v1/conversations/" + customer.id() + "/owner").content("{\"username\":\"" + username + "\"}"));
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }

    private void hours(String body) throws Exception {
        api(put("/api/v1/settings/business-hours").content(body));
    }

    private void api(MockHttpServletRequestBuilder request) throws Exception {
        mvc.perform(request.with(Staff.admin()).contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
    }
}
