package com.kontrol.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.web.InvalidInputException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Consent belongs to the phone number, for the whole business: whoever has the number now or later, a STOP from it
 * means nothing more goes to it until it texts START.
 */
@KontrolTest
@WithTwilioStandIn
class NumberConsentTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Outbox outbox;

    @Autowired
    Messages messages;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aStopFromASharedNumberOptsOutEveryCustomerWithItAndStartUndoesItForAll() throws Exception {
        var shared = TestCustomers.newPhone();
        var tenant = customers.add("Shared Tenant", List.of(shared), true);
        var landlord = customers.add("Shared Landlord", List.of(shared), true);

        text(shared, "STOP");

        assertThat(optedOut(tenant)).isTrue();
        assertThat(optedOut(landlord)).isTrue();
        assertThatThrownBy(
                        () -> outbox.queue(TextToGo.to(landlord.id(), "Your visit is tomorrow", Sender.person("dana"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has opted out of texts")
                .hasMessageContaining("replied STOP");
        mvc.perform(get("/api/v1/numbers/" + shared.e164()).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.number").value(shared.e164()))
                .andExpect(jsonPath("$.optedOut").value(true))
                .andExpect(jsonPath("$.reason").value("replied STOP"))
                .andExpect(jsonPath("$.source").value("texted"))
                .andExpect(jsonPath("$.by").value("customer"))
                .andExpect(jsonPath("$.changedAt").isNotEmpty());

        text(shared, "START");

        assertThat(optedOut(tenant)).isFalse();
        assertThat(optedOut(landlord)).isFalse();
        outbox.queue(TextToGo.to(landlord.id(), "Your visit is tomorrow", Sender.person("dana")));
        mvc.perform(get("/api/v1/numbers/" + shared.e164()).with(admin()))
                .andExpect(jsonPath("$.optedOut").value(false))
                .andExpect(jsonPath("$.reason").value("replied START"));
    }

    @Test
    void aStopFromAnUnknownNumberHoldsWhenItBecomesACustomerByTheForm() throws Exception {
        var stranger = TestCustomers.newPhone();
        text(stranger, "STOP");

        mvc.perform(post("/customers")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("name", "Form Person")
                        .param("phone", stranger.e164())
                        .param("smsEnabled", "true"))
                .andExpect(status().is3xxRedirection());

        var customer = onlyCustomerWith(stranger);
        assertThat(customer.smsOptedOut()).isTrue();
        assertThatThrownBy(() -> outbox.queue(TextToGo.to(customer.id(), "Welcome aboard", Sender.person("dana"))))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aStopFromAnUnknownNumberHoldsWhenItBecomesACustomerThroughTheApi() throws Exception {
        var stranger = TestCustomers.newPhone();
        text(stranger, "STOP");

        mvc.perform(post("/api/v1/customers")
                        .with(admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Api Stopper\",\"phone\":\"" + stranger.e164() + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.smsOptedOut").value(true));

        assertThatThrownBy(() ->
                        outbox.queue(TextToGo.to(onlyCustomerWith(stranger).id(), "Welcome", Sender.person("dana"))))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aStopFromAnUnknownNumberHoldsWhenTheInboxMakesItACustomer() throws Exception {
        var stranger = TestCustomers.newPhone();
        text(stranger, "hello?");
        text(stranger, "STOP");

        mvc.perform(post("/communication/messages/" + stranger.e164() + "/assign-new")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("name", "Inbox Stopper"))
                .andExpect(status().is3xxRedirection());

        assertThat(onlyCustomerWith(stranger).smsOptedOut()).isTrue();
    }

    @Test
    void aTextQueuedBeforeTheNumberOptedOutIsNeverSent() {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Queued Before", List.of(phone), true);
        var waiting = outbox.queue(TextToGo.to(customer.id(), "Reminder: your visit", Sender.Automatic.NOTIFICATION)
                .at(OffsetDateTime.now().plusSeconds(1)));
        // The STOP as another instance would have recorded it, after this one had read its batch: only the number's
        // consent changes, nothing in this instance's outbox is withdrawn by it.
        jdbc.sql("""
                        insert into number_consent (phone, opted_out, changed_at, source, words, changed_by)
                        values (:phone, true, :now, 'texted', 'replied STOP', 'customer')
                        """)
                .param("phone", phone.e164())
                .param("now", OffsetDateTime.now())
                .update();

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        messages.findById(waiting.id()).orElseThrow().status().equals("failed"));
        assertThat(messages.findById(waiting.id()).orElseThrow().errorMessage())
                .isEqualTo("Not sent: the number opted out before it went");
        assertThat(twilio.sendsTo(phone.e164())).isEmpty();
    }

    @Test
    void staffRecordingAnOptOutCoversEachOfTheCustomersNumbersAndTheBannerNamesThem() throws Exception {
        var mobile = TestCustomers.newPhone();
        var office = TestCustomers.newPhone();
        var customer = customers.add("Two Phones", List.of(mobile, office), true);

        mvc.perform(post("/customers/" + customer.id() + "/sms/consent")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("optedOut", "true")
                        .param("reason", "phoned: no texts to any number"))
                .andExpect(status().is3xxRedirection());

        var after = customers.findById(customer.id()).orElseThrow();
        assertThat(after.optOuts()).extracting(o -> o.number()).containsExactlyInAnyOrder(mobile.e164(), office.e164());
        var page = mvc.perform(get("/customers/" + customer.id() + "/sms").with(Staff.dana()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("(650) 555-" + mobile.e164().substring(8))
                .contains("(650) 555-" + office.e164().substring(8))
                .contains("recorded by dana: phoned: no texts to any number");
    }

    @Test
    void theNumbersApiAnswersForANumberNeverSeenAndRefusesWhatIsNoNumber() throws Exception {
        var fresh = TestCustomers.newPhone();
        mvc.perform(get("/api/v1/numbers/" + fresh.e164()).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.optedOut").value(false))
                .andExpect(jsonPath("$.changedAt").isEmpty());
        mvc.perform(get("/api/v1/numbers/not-a-number").with(admin()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").isNotEmpty());
    }

    private boolean optedOut(Customer c) {
        return customers.findById(c.id()).orElseThrow().smsOptedOut();
    }

    private Customer onlyCustomerWith(PhoneNumber phone) {
        var ids = customers.idsWithPhone(phone.e164());
        assertThat(ids).hasSize(1);
        return customers.findById(ids.get(0)).orElseThrow();
    }

    private void text(PhoneNumber from, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(Webhooks.newSid(), from.e164(), body))
                .andExpect(status().isOk());
    }

    private static RequestPostProcessor admin() {
        return httpBasic("admin", TestDatabase.ADMIN_PASSWORD);
    }
}
