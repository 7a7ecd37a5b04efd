package com.kontrol.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Approvals;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/**
 * The emergency line: after the after-hours reply, a customer's "1" pages the first person on call by text; with no
 * acknowledgement within the minutes set, the next one; an "OK" from the paged phone, or the paged person opening the
 * conversation, stops it. Every step is a note in the customer's thread.
 */
@KontrolTest
@WithTwilioStandIn
class EmergencyLineTests {

    static final String REPLY = "We are closed. Reply 1 if this is an emergency (no heat, flooding, gas smell).";

    @Autowired
    MeterRegistry meters;

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    OnCallRotation rotation;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobDesk jobs;

    @Autowired
    Approvals approvals;

    @AfterEach
    void usualHoursAndNoEmergencyLineAgain() throws Exception {
        var form = post("/settings/business-hours")
                .with(user("admin").roles("ADMIN"))
                .with(csrf())
                .param("replyBody", REPLY);
        for (var day : List.of("mon", "tue", "wed", "thu", "fri")) {
            form.param("open-" + day, "true").param("opens-" + day, "08:00").param("closes-" + day, "17:00");
        }
        mvc.perform(form).andExpect(flash().attribute("notice", "Business hours saved."));
        // Each test escalates every due emergency: none of this test's may be left for the next one's rotation.
        jdbc.sql("update emergencies set next_page_at = null").update();
    }

    @Test
    void aOnePagesTheOnCallNumberThenTheNextUnacknowledgedAndAnOkFromThePhoneStopsIt() throws Exception {
        var first = account("pat");
        var second = account("lee");
        closedWithTheLine(first.username + "\n" + second.username);
        var customer = customer("Burst Pipe At Night");
        var firstPages = pages("first");
        var escalations = pages("escalation");

        text(phone(customer), "water is coming through the ceiling");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bodies(phone(customer)).contains(REPLY));
        text(phone(customer), "1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(first.mobile).isEmpty());
        assertThat(twilio.sendsTo(first.mobile).get(0).get("Body"))
                .contains("Burst Pipe At Night")
                .contains("water is coming through the ceiling")
                .contains("Reply OK")
                .contains("http://localhost/customers/" + customer.id() + "/sms");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bodies(phone(customer)).contains(EmergencyLine.DEFAULT_CONFIRMATION));
        assertThat(notes(customer)).anyMatch(n -> n.startsWith("Emergency: paged " + first.username));
        assertThat(twilio.sendsTo(second.mobile)).isEmpty();

        // Nobody answered for ten minutes: the next person on the rotation is paged.
        rotation.escalateDue(OffsetDateTime.now().plusMinutes(11));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(second.mobile).isEmpty());
        assertThat(notes(customer)).anyMatch(n -> n.startsWith("Emergency: paged " + second.username));
        assertThat(pages("first")).isEqualTo(firstPages + 1);
        assertThat(pages("escalation")).isEqualTo(escalations + 1);

        text(second.mobile, "ok");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> notes(customer).stream()
                        .anyMatch(n -> n.startsWith("Emergency acknowledged by " + second.username)));
        assertThat(rotation.escalateDue(OffsetDateTime.now().plusHours(2))).isZero();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(twilio.sendsTo(first.mobile)).hasSize(1)); // paged once, never again
        assertThat(twilio.sendsTo(second.mobile)).hasSize(1);
        // Another "1" in the same closed period pages nobody again.
        text(phone(customer), "1");
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(twilio.sendsTo(first.mobile)).hasSize(1));
    }

    @Test
    void theOnCallPersonOpeningTheConversationAcknowledgesThePage() throws Exception {
        var first = account("kim");
        var second = account("ash");
        closedWithTheLine(first.username + ", " + second.username);
        var customer = customer("No Heat At Night");

        text(phone(customer), "furnace is dead and it is freezing");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bodies(phone(customer)).contains(REPLY));
        text(phone(customer), "Emergency!");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(first.mobile).isEmpty());

        mvc.perform(get("/customers/" + customer.id() + "/sms")
                        .with(user(first.username).roles("STAFF")))
                .andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> notes(customer).stream()
                        .anyMatch(n -> n.startsWith("Emergency acknowledged by " + first.username)
                                && n.contains("opened the conversation")));
        rotation.escalateDue(OffsetDateTime.now().plusMinutes(30));
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(twilio.sendsTo(second.mobile)).isEmpty());
    }

    @Test
    void aOneWithoutTheAfterHoursReplyBeforeItPagesNobody() throws Exception {
        var first = account("max");
        closedWithTheLine(first.username);
        var customer = customer("Just Says One");
        text(phone(customer), "1"); // no after-hours reply has offered the line yet
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(6))
                .untilAsserted(() -> assertThat(twilio.sendsTo(first.mobile)).isEmpty());
        text(phone(customer), "hello?");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bodies(phone(customer)).contains(REPLY));
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(twilio.sendsTo(first.mobile)).isEmpty());
    }

    @Test
    void aOneAfterTheReplyIsAnEmergencyNotTheApprovalOfTheFirstOpenRequest() throws Exception {
        var first = account("ren");
        closedWithTheLine(first.username);
        var customer = customer("Has A Quote Open");
        var job = jobs.open(customer.id(), "Boiler", "dana");
        var request = approvals.request(job.id(), "New boiler", null, "dana");

        text(phone(customer), "boiler is leaking gas smell");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bodies(phone(customer)).contains(REPLY));
        text(phone(customer), "1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(first.mobile).isEmpty());
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(
                                approvals.find(request.id()).orElseThrow().isPending())
                        .isTrue());
    }

    @Test
    void theRotationMustNameAccountsThatCanBePaged() throws Exception {
        var noMobile = "nomobile-" + System.nanoTime();
        mvc.perform(post("/api/v1/users")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + noMobile + "\",\"name\":\"No Mobile\",\"password\":\"copper"
                                + " pipe wrench 42\",\"role\":\"staff\"}"))
                .andExpect(status().isCreated());
        mvc.perform(closedForm(noMobile))
                .andExpect(status().isOk())
                .andExpect(MockMvcResultMatchers.model()
                        .attribute("hoursError", Matchers.containsString("has no mobile number")));
        // Refused, the page shows what was typed again: one wrong name loses none of the other fields.
        mvc.perform(closedForm("nobody-such")
                        .param("open-tue", "true")
                        .param("opens-tue", "07:30")
                        .param("closes-tue", "16:00"))
                .andExpect(status().isOk())
                .andExpect(MockMvcResultMatchers.model()
                        .attribute("hoursError", Matchers.containsString("is no enabled account")))
                .andExpect(MockMvcResultMatchers.content()
                        .string(Matchers.allOf(
                                Matchers.containsString(">nobody-such</textarea>"),
                                Matchers.containsString("name=\"opens-tue\" value=\"07:30\""),
                                Matchers.containsString("name=\"closes-tue\" value=\"16:00\""),
                                Matchers.containsString(">" + REPLY + "</textarea>"),
                                Matchers.containsString("value=\"1, emergency\""))));
        mvc.perform(get("/settings/business-hours").with(user("admin").roles("ADMIN")))
                .andExpect(MockMvcResultMatchers.content()
                        .string(Matchers.not(Matchers.containsString(">nobody-such</textarea>"))));
    }

    // --- helpers

    record Account(String username, String mobile) {}

    private Account account(String name) throws Exception {
        var username = name + "-" + System.nanoTime();
        var mobile = TestCustomers.newPhone().e164();
        mvc.perform(post("/api/v1/users")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + username + "\",\"name\":\"" + name + "\",\"password\":\"copper"
                                + " pipe wrench 42\",\"role\":\"staff\",\"mobile\":\"" + mobile + "\"}"))
                .andExpect(status().isCreated());
        return new Account(username, mobile);
    }

    private MockHttpServletRequestBuilder closedForm(String rotation) {
        // No day ticked: closed all week.
        return post("/settings/business-hours")
                .with(user("admin").roles("ADMIN"))
                .with(csrf())
                .param("replyEnabled", "true")
                .param("replyBody", REPLY)
                .param("emergencyEnabled", "true")
                .param("emergencyWords", "1, emergency")
                .param("ackMinutes", "10")
                .param("confirmation", EmergencyLine.DEFAULT_CONFIRMATION)
                .param("rotation", rotation);
    }

    /** {@code kontrol.oncall.pages} of this kind, as an operator's dashboard counts them. */
    private double pages(String kind) {
        return meters.counter("kontrol.oncall.pages", "kind", kind).count();
    }

    private void closedWithTheLine(String rotation) throws Exception {
        mvc.perform(closedForm(rotation)).andExpect(flash().attribute("notice", "Business hours saved."));
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    private List<String> bodies(String phone) {
        return twilio.sendsTo(phone).stream().map(s -> s.get("Body")).toList();
    }

    private List<String> notes(Customer customer) {
        return messages.thread(customer.id(), Long.MAX_VALUE, 100).stream()
                .filter(Message::isNote)
                .map(Message::body)
                .toList();
    }

    private void text(String from, String body) throws Exception {
        new Webhooks(mvc).inbound(Webhooks.text(Webhooks.newSid(), from, body)).andExpect(status().isOk());
    }
}
