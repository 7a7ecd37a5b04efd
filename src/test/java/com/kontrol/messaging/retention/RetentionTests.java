package com.kontrol.messaging.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.ScheduledTexts;
import com.kontrol.messaging.outbound.TextToGo;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Data retention: off by default; after N days a text's words and media are redacted in Kontrol (the row stays, the
 * thread says so, search finds nothing), and when asked Twilio's copy is deleted too, media first, after its final
 * status; running again changes nothing; one run at a time.
 */
@KontrolTest
@WithTwilioStandIn
class RetentionTests {

    /** An admin logged in to the pages (the API's {@code Staff.admin()} signs in with HTTP Basic). */
    static final RequestPostProcessor ADMIN =
            SecurityMockMvcRequestPostProcessors.user("admin").roles("ADMIN");

    private static final String MESSAGES = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/";

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    ScheduledTexts scheduled;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    DataRetention retention;

    @Autowired
    RetentionRules rules;

    @AfterEach
    void keepEverythingAgain() {
        rules.save(null, false, "test");
    }

    @Test
    void retentionIsOffUntilAnAdminSetsTheDays() throws Exception {
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/settings/retention").with(Staff.admin()))
                .andExpect(jsonPath("$.days").doesNotExist())
                .andExpect(jsonPath("$.deleteAtTwilio").value(false));
        mvc.perform(post("/api/v1/settings/retention/run").with(Staff.admin()).header("X-Requested-With", "test"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value("Data retention is off: set the number of days first."));
        mvc.perform(put("/api/v1/settings/retention")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"days\": 0, \"deleteAtTwilio\": false}"))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(put("/api/v1/settings/retention")
                        .with(Staff.dana())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"days\": 90, \"deleteAtTwilio\": false}"))
                .andExpect(status().isForbidden());
        assertThat(rules.rule().on()).isFalse();
    }

    @Test
    void oldTextsAreRedactedInKontrolAndDeletedAtTwilioMediaFirst() throws Exception {
        var customer = customer("Retained Rita");
        // Ten years and more: no other test's texts are that old, so the counts below are this test's alone.
        var old = received(customer, "My gate code is 4411, the alarm word is quetzalcoatl", 3700, true);
        var recent = received(customer, "Thanks for today", 10, false);
        var waiting = scheduled.schedule(TextToGo.to(customer.id(), "See you next spring", Sender.person("dana"))
                .at(OffsetDateTime.now().plusDays(2)));
        age(waiting.id(), 4000); // a scheduled text still to go keeps its words, however old
        answerDeletes("ME" + "1".repeat(32));

        setRule(3650, true);
        mvc.perform(post("/api/v1/settings/retention/run").with(Staff.admin()).header("X-Requested-With", "test"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.redacted").value(1))
                .andExpect(jsonPath("$.deletedAtTwilio").value(1));

        var redacted = messages.findById(old.id()).orElseThrow();
        assertThat(redacted.body()).isEmpty();
        assertThat(redacted.redactedAfterDays()).isEqualTo(3650);
        assertThat(redacted.media()).isEmpty();
        assertThat(redacted.status()).isEqualTo("received");
        assertThat(messages.findById(recent.id()).orElseThrow().body()).isEqualTo("Thanks for today");
        assertThat(messages.findById(waiting.id()).orElseThrow().body()).isEqualTo("See you next spring");

        var thread = html("/customers/" + customer.id() + "/sms");
        assertThat(thread).contains("Redacted after 3650 days (data retention)").doesNotContain("quetzalcoatl");
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/search?q=quetzalcoatl").with(Staff.dana()))
                .andExpect(jsonPath("$.results").isEmpty());

        // Twilio: the media listed and deleted first, then the message; nothing for the texts not redacted.
        assertThat(twilioCalls())
                .containsExactly(
                        "GET " + MESSAGES + old.sid() + "/Media.json",
                        "DELETE " + MESSAGES + old.sid() + "/Media/ME" + "1".repeat(32) + ".json",
                        "DELETE " + MESSAGES + old.sid() + ".json");

        mvc.perform(MockMvcRequestBuilders.get("/api/v1/audit?action=retention.applied&limit=1")
                        .with(Staff.admin()))
                .andExpect(jsonPath("$.events[0].actor").value("admin"))
                .andExpect(jsonPath("$.events[0].detail")
                        .value("Data retention (3650 days): redacted 1 text; deleted 1 of Twilio's copies."));

        // Again: nothing left to do, nothing asked of Twilio.
        twilio.server().resetRequests();
        mvc.perform(post("/api/v1/settings/retention/run").with(Staff.admin()).header("X-Requested-With", "test"))
                .andExpect(jsonPath("$.redacted").value(0))
                .andExpect(jsonPath("$.deletedAtTwilio").value(0));
        assertThat(twilioCalls()).isEmpty();
    }

    @Test
    void aStaffPhonesOldTextsLoseTheirWordsToo() throws Exception {
        var sid = Webhooks.newSid();
        jdbc.sql("insert into staff_texts (sid, from_address, to_address, body, received_at, command, outcome)"
                        + " values (:sid, '+14155550188', '+14155550100', 'OMW 20 from the gate, code 7731', :at,"
                        + " 'on_my_way', 'texted the customer')")
                .param("sid", sid)
                .param("at", OffsetDateTime.now().minusDays(3700))
                .update();
        setRule(3650, false);
        mvc.perform(post("/api/v1/settings/retention/run").with(Staff.admin()).header("X-Requested-With", "test"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.redacted").value(1));
        assertThat(jdbc.sql("select body, outcome from staff_texts where sid = :sid")
                        .param("sid", sid)
                        .query((rs, n) -> List.of(rs.getString(1), rs.getString(2)))
                        .single())
                .containsExactly("", "texted the customer");
    }

    @Test
    void aCopyTwilioCannotDeleteYetIsTriedAgainAtTheNextRun() throws Exception {
        var customer = customer("Pending Pat");
        var old = received(customer, "Old words", 3100, false);
        twilio.server()
                .stubFor(delete(urlPathMatching(MESSAGES + "SM.*\\.json"))
                        .willReturn(aResponse()
                                .withStatus(409)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"code\": 20009, \"message\": \"Cannot delete this resource before it is"
                                        + " complete\", \"status\": 409}")));
        setRule(3000, true);

        mvc.perform(post("/api/v1/settings/retention/run").with(Staff.admin()).header("X-Requested-With", "test"))
                .andExpect(jsonPath("$.redacted").value(1))
                .andExpect(jsonPath("$.deletedAtTwilio").value(0))
                .andExpect(jsonPath("$.notYetDeletableAtTwilio").value(1));
        assertThat(messages.findById(old.id()).orElseThrow().body()).isEmpty(); // redacted here all the same

        answerDeletes(null);
        mvc.perform(post("/api/v1/settings/retention/run").with(Staff.admin()).header("X-Requested-With", "test"))
                .andExpect(jsonPath("$.redacted").value(0))
                .andExpect(jsonPath("$.deletedAtTwilio").value(1));
    }

    @Test
    void oneRunAtATimeAcrossInstances() throws Exception {
        setRule(3650, false);
        var today = LocalDate.now();
        assertThat(rules.claim("another-instance", today, true)).isTrue();
        try {
            mvc.perform(post("/api/v1/settings/retention/run")
                            .with(Staff.admin())
                            .header("X-Requested-With", "test"))
                    .andExpect(status().isConflict());
            assertThat(retention.runIfDue().ran()).isFalse();
        } finally {
            rules.release("another-instance");
        }
        assertThat(retention.runNow("admin").ran()).isTrue();
        assertThat(retention.runIfDue().ran()).as("it ran today already").isFalse();
    }

    @Test
    void theSettingsPageSavesTheRuleAndAppliesItInTheBackground() throws Exception {
        mvc.perform(post("/settings/retention").with(ADMIN).with(csrf()).param("days", "ninety"))
                .andExpect(
                        flash().attribute("settingsError", "\"ninety\" is not a number of days. Nothing was saved."));
        mvc.perform(post("/settings/retention")
                        .with(ADMIN)
                        .with(csrf())
                        .param("days", "3650")
                        .param("deleteAtProvider", "true"))
                .andExpect(flash().attribute(
                                "notice",
                                "Saved: texts older than 3650 days are redacted at the next daily run (or now, with"
                                        + " Apply now)."));
        assertThat(rules.rule().days()).isEqualTo(3650);
        assertThat(rules.rule().deleteAtProvider()).isTrue();

        mvc.perform(post("/settings/retention/run").with(ADMIN).with(csrf()))
                .andExpect(flash().attribute(
                                "notice",
                                "Applying data retention now: reload this page for the result (it is in the audit log"
                                        + " too)."));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> html("/settings/retention").contains("Data retention (3650 days): redacted"));
        mvc.perform(MockMvcRequestBuilders.get("/settings/retention").with(Staff.dana()))
                .andExpect(status().isForbidden());
    }

    private void setRule(int days, boolean deleteAtTwilio) throws Exception {
        mvc.perform(put("/api/v1/settings/retention")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"days\": " + days + ", \"deleteAtTwilio\": " + deleteAtTwilio + "}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.days").value(days));
    }

    /** Twilio answers the media list with {@code mediaSid} (or none) and every DELETE with 204. */
    private void answerDeletes(String mediaSid) {
        twilio.server()
                .stubFor(get(urlPathMatching(MESSAGES + "SM.*/Media\\.json")).willReturn(okJson("""
                                {"media_list": [%s], "page": 0, "page_size": 50, "first_page_uri": null,
                                 "next_page_uri": null, "previous_page_uri": null, "uri": "/x", "start": 0, "end": 0}
                                """.formatted(
                                mediaSid == null
                                        ? ""
                                        : "{\"sid\": \"" + mediaSid + "\", \"account_sid\": \""
                                                + TwilioStandIn.SID
                                                + "\", \"content_type\": \"image/jpeg\"}"))));
        twilio.server()
                .stubFor(delete(urlPathMatching(MESSAGES + "SM.*"))
                        .willReturn(aResponse().withStatus(204)));
    }

    private List<String> twilioCalls() {
        return twilio.server().findAll(anyRequestedFor(urlPathMatching(MESSAGES + ".+"))).stream()
                .filter(r -> r.getMethod() != RequestMethod.POST)
                .map(r -> r.getMethod() + " " + r.getUrl().replaceAll("\\?.*", ""))
                .toList();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private Message received(Customer customer, String body, int daysAgo, boolean withPicture) throws Exception {
        var sid = Webhooks.newSid();
        Map<String, String> params =
                Webhooks.text(sid, customer.primaryPhone().orElseThrow().e164(), body);
        if (withPicture) {
            params.put("NumMedia", "1");
            params.put("MediaUrl0", "https://api.twilio.com" + MESSAGES + sid + "/Media/ME" + "1".repeat(32));
            params.put("MediaContentType0", "image/jpeg");
        }
        new Webhooks(mvc).inbound(params).andExpect(status().isOk());
        var message = messages.findBySid(sid).orElseThrow();
        age(message.id(), daysAgo);
        return message;
    }

    private void age(long messageId, int days) {
        jdbc.sql("update messages set created_at = :at where id = :id")
                .param("at", OffsetDateTime.now().minusDays(days))
                .param("id", messageId)
                .update();
    }

    private String html(String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path).with(ADMIN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
