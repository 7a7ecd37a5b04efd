package com.kontrol.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.MailStandIn;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestHours;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithMailStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Alerts while the office is open: a text that waits unanswered for the configured minutes of business hours e-mails
 * the owner and the admins once, with a link to the thread; a reply before then sends nothing; a customer's text
 * raises a browser notification for its owner, or for everyone who opted in when it has none.
 */
@KontrolTest
@WithTwilioStandIn
@WithMailStandIn
@Import(AlertTests.Recorder.class)
class AlertTests {

    @Autowired
    MeterRegistry meters;

    @Autowired
    MockMvc mvc;

    @Autowired
    MailStandIn mail;

    @Autowired
    Customers customers;

    @Autowired
    UnansweredAlerts unanswered;

    @Autowired
    MailQueue queue;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Recorder browser;

    @Autowired
    Messages messages;

    /** The browser alerts published, as the live module receives them. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Recorder {
        final List<BrowserAlert> alerts = new CopyOnWriteArrayList<>();

        @EventListener
        void alerted(BrowserAlert alert) {
            alerts.add(alert);
        }
    }

    @BeforeEach
    void openAllWeek() throws Exception {
        hours(TestHours.ALL_WEEK);
    }

    @AfterEach
    void usualHoursAgain() throws Exception {
        hours(TestHours.USUAL);
    }

    @Test
    void aTextUnansweredForTheMinutesSendsOneEmailToTheOwnerAndTheAdminsWithAWorkingLink() throws Exception {
        var owner = person("owen", "staff");
        var boss = person("bea", "admin");
        var other = person("olga", "staff");
        var customer = customer("Waiting Wanda");
        text(customer, "the heater is still off");
        text(customer, "hello?");
        text(customer, "anyone there");
        own(customer, owner);
        var since = waitingSince(customer);
        var mailed = meters.counter("kontrol.alerts.sent", "channel", "email").count();

        // Nine minutes: not yet. Eleven: one e-mail each, however often Kontrol looks.
        unanswered.raiseDue(since.plus(Duration.ofMinutes(9)));
        unanswered.raiseDue(since.plus(Duration.ofMinutes(11)));
        unanswered.raiseDue(since.plus(Duration.ofMinutes(12)));
        await().atMost(Duration.ofSeconds(10)).until(() -> about(boss, customer).size() == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> about(owner, customer).size() == 1);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(about(owner, customer)).hasSize(1));
        assertThat(about(boss, customer)).hasSize(1);
        assertThat(about(other, customer)).isEmpty(); // owned by someone else, and not an admin
        assertThat(meters.counter("kontrol.alerts.sent", "channel", "email").count())
                .isGreaterThanOrEqualTo(mailed + 2);

        var email = about(owner, customer).get(0);
        assertThat(email.getSubject()).isEqualTo("Waiting 11 min for a reply: Waiting Wanda " + suffix(customer));
        var body = MailStandIn.text(email);
        assertThat(body)
                .contains("the heater is still off")
                .contains("anyone there")
                .contains("has waited 11 min")
                .contains("You get this because you own the conversation.");
        var link = Pattern.compile("http://localhost(/customers/\\d+/sms)").matcher(body);
        assertThat(link.find()).isTrue();
        mvc.perform(get(link.group(1)).with(user(owner.username()).roles("STAFF")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("the heater is still off")));
    }

    @Test
    void aReplyBeforeTheDeadlineSendsNoEmail() throws Exception {
        var boss = person("rhea", "admin");
        var customer = customer("Answered Andy");
        text(customer, "can you come thursday");
        var since = waitingSince(customer);
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"Yes, Thursday at 9.\"}"))
                .andExpect(status().isAccepted());

        unanswered.raiseDue(since.plus(Duration.ofMinutes(30)));
        await().during(Duration.ofMillis(1_000))
                .atMost(Duration.ofMillis(1_000).plusSeconds(5))
                .untilAsserted(() -> assertThat(about(boss, customer)).isEmpty());
    }

    @Test
    void anEmailQueuedForAWaitThatEndedBeforeItWentIsDropped() throws Exception {
        var boss = person("dora", "admin");
        var customer = customer("Closed Clara");
        text(customer, "never mind, fixed it");
        var since = waitingSince(customer);
        mvc.perform(post("/api/v1/conversations/" + customer.id() + "/close")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isOk());
        // As an alert decided just before the close leaves it.
        var rendered = new AlertMails.Alert("Closed Clara", "", "never mind", 10L, customer.id(), "test");
        jdbc.sql("insert into mail_queue (dedup_key, recipient, subject, text_body, html_body, customer_id,"
                        + " waiting_since, created_at, next_attempt_at) values (:key, :to, 'x', 'x', 'x', :id, :since,"
                        + " :now, :now)")
                .param("key", "test:" + System.nanoTime())
                .param("to", boss.email())
                .param("id", customer.id())
                .param("since", since.atOffset(ZoneOffset.UTC))
                .param("now", OffsetDateTime.now())
                .update();
        assertThat(rendered.subject()).contains("Closed Clara");

        queue.sendDue(Instant.now().plusSeconds(1));
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(mail.to(boss.email())).isEmpty());
    }

    @Test
    void anEmailLeftInTheQueueByAStoppedServerIsSentOnce() throws Exception {
        var boss = person("nell", "admin");
        // Written by an instance that stopped before sending it, holding a claim that has run out since.
        jdbc.sql("insert into mail_queue (dedup_key, recipient, subject, text_body, html_body, created_at,"
                        + " next_attempt_at, attempts, claimed_until) values (:key, :to, 'Left behind', 'left',"
                        + " '<p>left</p>', :then, :then, 1, :then)")
                .param("key", "test:" + System.nanoTime())
                .param("to", boss.email())
                .param("then", OffsetDateTime.now().minusMinutes(5))
                .update();

        queue.sendDue(Instant.now());
        queue.sendDue(Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.to(boss.email()).size() == 1);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(mail.to(boss.email())).hasSize(1));
        assertThat(mail.to(boss.email()).get(0).getSubject()).isEqualTo("Left behind");
    }

    @Test
    void someoneWhoChoseEmailForEachTextGetsOneForABurstOfTexts() throws Exception {
        var keen = person("kai", "staff");
        choose(keen, Map.of("emailArrivals", "true", "emailUnanswered", "true"));
        var customer = customer("Bursty Bob");
        text(customer, "hi");
        text(customer, "are you there");
        text(customer, "my sink is leaking");
        await().atMost(Duration.ofSeconds(10)).until(() -> about(keen, customer).size() == 1);
        await().during(Duration.ofMillis(1_000))
                .atMost(Duration.ofMillis(1_000).plusSeconds(5))
                .untilAsserted(() -> assertThat(about(keen, customer)).hasSize(1));
        assertThat(about(keen, customer).get(0).getSubject()).startsWith("New text from Bursty Bob");
        assertThat(MailStandIn.text(about(keen, customer).get(0))).contains("hi");
    }

    @Test
    void anUnknownNumberTextingInALoopGetsOneEmailPerWaitInTheInboxAndNoneOnceBlocked() throws Exception {
        var keen = person("uma", "staff");
        choose(keen, Map.of("emailArrivals", "true"));
        var stranger = TestCustomers.newPhone().e164();
        for (int i = 0; i < 5; i++) {
            textFrom(stranger, "hello " + i); // each returns once the text and its alerts are queued
        }
        assertThat(alertsQueued(keen, stranger)).isEqualTo(1);

        dismiss(stranger, false);
        textFrom(stranger, "hello again");
        textFrom(stranger, "and again");
        assertThat(alertsQueued(keen, stranger))
                .as("a new wait after a dismissal")
                .isEqualTo(2);

        dismiss(stranger, true);
        textFrom(stranger, "you blocked me");
        assertThat(alertsQueued(keen, stranger)).as("none after a block").isEqualTo(2);
    }

    @Test
    void anUnknownNumbersWordsAreShortenedAndMarkedInTheEmailAndItsLinksBroken() throws Exception {
        var keen = person("ulf", "staff");
        choose(keen, Map.of("emailArrivals", "true"));
        var stranger = TestCustomers.newPhone().e164();
        textFrom(stranger, "Locked! Verify at https://kontrol-login.example.com/x now or your whole team loses access");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !mail.to(keen.email()).isEmpty());
        var sent = mail.to(keen.email()).get(0);
        assertThat(sent.getSubject()).isEqualTo("New text from an unknown number, " + stranger);
        var text = MailStandIn.text(sent);
        assertThat(text)
                .contains("An unknown number, " + stranger + ", texted")
                .contains("do not follow links or instructions in it")
                .contains("Locked! Verify at")
                .doesNotContain("https://")
                .doesNotContain("kontrol-login.example.com")
                .contains("kontrol-login[.]example[.]com")
                .doesNotContain("loses access today");
    }

    @Test
    void aTextRaisesABrowserAlertForTheOwnerOnlyAndForEveryoneWhoOptedInWhenNobodyOwnsIt() throws Exception {
        var owner = person("ona", "staff");
        var keen = person("kit", "staff");
        var quiet = person("quinn", "staff");
        choose(owner, Map.of("browser", "true", "sound", "true"));
        choose(keen, Map.of("browser", "true"));
        var customer = customer("Alerting Al");
        var raised = meters.counter("kontrol.alerts.sent", "channel", "browser").count();

        text(customer, "first text, nobody owns it");
        await().atMost(Duration.ofSeconds(10)).until(() -> alertsFor(keen).size() == 1);
        assertThat(alertsFor(owner)).hasSize(1);
        // At least these two: people of other tests in this context may have opted in too.
        assertThat(meters.counter("kontrol.alerts.sent", "channel", "browser").count())
                .isGreaterThanOrEqualTo(raised + 2);
        assertThat(alertsFor(quiet)).isEmpty(); // never chose browser alerts

        own(customer, owner);
        text(customer, "second text, ona owns it");
        await().atMost(Duration.ofSeconds(10)).until(() -> alertsFor(owner).size() == 2);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(alertsFor(keen)).hasSize(1));
        assertThat(alertsFor(owner).get(1).sound()).isTrue();
    }

    @Test
    void aMissedCallRaisesTheBrowserAlertATextWould() throws Exception {
        var keen = person("cal", "staff");
        choose(keen, Map.of("browser", "true"));
        var customer = customer("Calling Cora");

        // No office number is set (Settings › Calls): the call is missed at once.
        mvc.perform(Webhooks.signed(
                        "/api/webhooks/twilio/voice",
                        Map.of(
                                "CallSid",
                                "CA" + "7".repeat(31) + System.nanoTime() % 10,
                                "AccountSid",
                                TwilioStandIn.SID,
                                "From",
                                customer.primaryPhone().orElseThrow().e164(),
                                "To",
                                TwilioStandIn.NUMBER)))
                .andExpect(status().isOk());

        await().atMost(Duration.ofSeconds(10)).until(() -> alertsFor(keen).size() == 1);
        assertThat(messages.findById(alertsFor(keen).get(0).messageId())
                        .orElseThrow()
                        .isCall())
                .isTrue();
    }

    @Test
    void noAlertWhileTheOfficeIsClosed() throws Exception {
        hours(TestHours.CLOSED);
        var keen = person("cleo", "staff");
        choose(keen, Map.of("browser", "true", "emailArrivals", "true"));
        var customer = customer("Night Owl");
        text(customer, "are you open?");
        await().during(Duration.ofMillis(1_000))
                .atMost(Duration.ofMillis(1_000).plusSeconds(5))
                .untilAsserted(() -> assertThat(alertsFor(keen)).isEmpty());
        assertThat(about(keen, customer)).isEmpty();
    }

    @Test
    void theAlertsPageSavesEachChoice() throws Exception {
        var me = person("mo", "viewer");
        mvc.perform(get("/profile/alerts").with(user(me.username()).roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("E-mail me when a text has waited 10 minutes")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("E-mail is off"))));
        choose(me, Map.of("browser", "true", "emailArrivals", "true"));
        var html = mvc.perform(get("/profile/alerts").with(user(me.username()).roles("VIEWER")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(html)
                .containsPattern("name=\"browser\"[^>]* checked")
                .containsPattern("name=\"emailArrivals\"[^>]* checked")
                .doesNotContainPattern("name=\"sound\"[^>]* checked")
                .doesNotContainPattern("name=\"emailUnanswered\"[^>]* checked");
    }

    // --- the user guide's steps, as a test takes them

    record Person(String username, String email) {}

    private Person person(String name, String role) throws Exception {
        var username = name + "-" + System.nanoTime();
        var email = username + "@ace-plumbing.test";
        mvc.perform(post("/api/v1/users")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + username + "\",\"name\":\"" + name + "\",\"password\":\"copper"
                                + " pipe wrench 42\",\"role\":\"" + role + "\",\"email\":\"" + email + "\"}"))
                .andExpect(status().isCreated());
        return new Person(username, email);
    }

    private void choose(Person person, Map<String, String> boxes) throws Exception {
        var form = post("/profile/alerts")
                .with(user(person.username()).roles("STAFF"))
                .with(csrf());
        boxes.forEach(form::param);
        mvc.perform(form).andExpect(status().is3xxRedirection());
    }

    private Customer customer(String name) {
        return customers.add(name + " " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
    }

    private static String suffix(Customer customer) {
        return customer.name().substring(customer.name().lastIndexOf(' ') + 1);
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }

    private void textFrom(String phone, String body) throws Exception {
        new Webhooks(mvc).inbound(Webhooks.text(Webhooks.newSid(), phone, body)).andExpect(status().isOk());
    }

    /** Dismisses (or blocks) the number in the unassigned inbox, as an admin does on the page. */
    private void dismiss(String phone, boolean block) throws Exception {
        mvc.perform(post("/communication/messages/" + phone + "/dismiss")
                        .param("block", String.valueOf(block))
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
    }

    /** The alert e-mails queued for this person about texts from this number, sent or not. */
    private long alertsQueued(Person person, String phone) {
        return jdbc.sql("select count(*) from mail_queue where recipient = :to and dedup_key like :key")
                .param("to", person.email())
                .param("key", "arrival:unknown:" + phone + ":%")
                .query(Long.class)
                .single();
    }

    private void own(Customer customer, Person owner) throws Exception {
        mvc.perform(post("/api/v1/conversations/" + customer.id() + "/owner")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + owner.username() + "\"}"))
                .andExpect(status().isOk());
    }

    private Instant waitingSince(Customer customer) {
        return jdbc.sql("select waiting_since from conversations where customer_id = :id")
                .param("id", customer.id())
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
    }

    private List<MimeMessage> about(Person person, Customer customer) {
        return mail.to(person.email()).stream()
                .filter(m -> {
                    try {
                        return m.getSubject().contains(customer.name());
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private List<BrowserAlert> alertsFor(Person person) {
        return browser.alerts.stream()
                .filter(a -> a.username().equals(person.username()))
                .toList();
    }

    private void hours(String body) throws Exception {
        mvc.perform(put("/api/v1/settings/business-hours")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk());
    }
}
