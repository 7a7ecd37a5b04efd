package com.kontrol.messaging.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.web.Times;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Consent as the law reads it: a text that plausibly takes back consent in the customer's own words is flagged in the
 * thread and the team inbox with the rule's deadline; staff record "opt-out" or "not an opt-out" in one tap, audited;
 * after a STOP nothing else of Kontrol's reaches the customer.
 */
@KontrolTest
@WithTwilioStandIn
class ConsentReviewTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    ConsentReviews reviews;

    @Autowired
    Outbox outbox;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    AuditLog audit;

    @Autowired
    Times times;

    @Test
    void aTextThatMayTakeBackConsentIsFlaggedInTheThreadAndTheInboxWithItsDeadline() throws Exception {
        var customer = customer("Flagged Fran");
        var text = text(customer, "Please stop texting me, I sold the house");

        var open = reviews.open(customer.id());
        assertThat(open).singleElement().satisfies(r -> {
            assertThat(r.messageId()).isEqualTo(text.id());
            assertThat(r.deadline())
                    .isEqualTo(ConsentReviews.businessDaysAfter(
                            text.createdAt().atZoneSameInstant(times.zone()).toLocalDate(),
                            ConsentReviews.BUSINESS_DAYS));
        });
        var deadline = open.get(0).deadlineLabel();
        assertThat(html("/customers/" + customer.id() + "/sms"))
                .contains("Possible opt-out.")
                .contains("Please stop texting me, I sold the house")
                .contains("decide by <strong>" + deadline + "</strong>")
                .contains("Record opt-out")
                .contains("Not an opt-out");
        assertThat(html("/communication/messages?view=all")).contains("Possible opt-out · by " + deadline);
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .as("only a person decides")
                .isFalse();
    }

    @Test
    void recordingTheOptOutStopsTextsAndIsAudited() throws Exception {
        var customer = customer("Opting Olga");
        var text = text(customer, "wrong number, don't text me");

        mvc.perform(post("/customers/" + customer.id() + "/sms/consent-reviews/" + text.id())
                        .with(Staff.dana())
                        .with(csrf())
                        .param("optOut", "true"))
                .andExpect(flash().attribute(
                                "notice", "Recorded: no more texts. The customer can text START to get texts again."));

        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isTrue();
        assertThat(reviews.open(customer.id())).isEmpty();
        assertThat(audit.ofCustomer(customer.id(), AuditAction.CONSENT_REVIEWED, 5))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("dana");
                    assertThat(e.detail())
                            .startsWith("An opt-out: text " + text.id())
                            .as("the words stay in the thread, where data retention can redact them")
                            .doesNotContain("wrong number");
                });
        assertThat(html("/customers/" + customer.id() + "/sms"))
                .contains("has opted out of texts")
                .contains("recorded by dana from their text of")
                .doesNotContain("Possible opt-out.");
        assertThat(outbox.whyNot(customer.id(), "Hello", null)).isPresent();

        // A second tap (a colleague's, on a banner pushed live before) changes nothing and says who decided.
        mvc.perform(post("/customers/" + customer.id() + "/sms/consent-reviews/" + text.id())
                        .with(Staff.dana())
                        .with(csrf())
                        .header("HX-Request", "true")
                        .param("optOut", "false"))
                .andExpect(header().string("HX-Redirect", "/customers/" + customer.id() + "/sms"))
                .andExpect(flash().attribute("consentError", "Already decided by dana: an opt-out."));
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isTrue();
    }

    @Test
    void notAnOptOutClosesTheReviewKeepsTextingAndIsAudited() throws Exception {
        var customer = customer("Staying Sam");
        var text = text(customer, "stop please, the water is everywhere");

        mvc.perform(post("/api/v1/customers/" + customer.id() + "/consent-reviews/" + text.id())
                        .with(Staff.dana())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(get("/api/v1/customers/" + customer.id() + "/consent-reviews")
                        .with(Staff.dana()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reviews[0].messageId").value(text.id()))
                .andExpect(jsonPath("$.reviews[0].deadline").isString());
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/consent-reviews/" + text.id())
                        .with(Staff.dana())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"optOut\": false}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.optOut").value(false))
                .andExpect(jsonPath("$.decidedBy").value("dana"));

        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isFalse();
        assertThat(reviews.open(customer.id())).isEmpty();
        assertThat(audit.ofCustomer(customer.id(), AuditAction.CONSENT_REVIEWED, 5))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("Not an opt-out: text " + text.id()));
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/consent-reviews/" + text.id())
                        .with(Staff.dana())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"optOut\": true}"))
                .andExpect(status().isConflict());
        assertThat(outbox.whyNot(customer.id(), "Hello", null)).isEmpty();
    }

    @Test
    void everydayWordsAndKeywordsOpenNoReview() throws Exception {
        var customer = customer("Plain Pat");
        text(customer, "Can you stop by Thursday afternoon?");
        text(customer, "STOP"); // the keyword itself: acted on at once, nothing to decide
        assertThat(reviews.open(customer.id())).isEmpty();
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isTrue();
    }

    @Test
    void aStopClosesTheOpenReviewsAndWithdrawsWhatStillWaitsInTheOutbox() throws Exception {
        var customer = customer("Waiting Wes");
        text(customer, "no more texts please");
        // A notification settling in the outbox (it would go in a minute), queued before the customer's STOP.
        var waiting = outbox.queue(TextToGo.to(customer.id(), "Your visit is tomorrow", Sender.Automatic.NOTIFICATION)
                .at(OffsetDateTime.now().plusMinutes(1)));

        text(customer, "STOP");

        assertThat(reviews.open(customer.id())).isEmpty();
        var withdrawn = messages.findById(waiting.id()).orElseThrow();
        assertThat(withdrawn.status()).isEqualTo("failed");
        assertThat(withdrawn.errorMessage()).isEqualTo("Not sent: the number opted out before it went");
        // And the stand-in never sees it, even once its time has come and the worker has polled again.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> twilio.sendsTo(
                                customer.primaryPhone().orElseThrow().e164())
                        .isEmpty());
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private Message text(Customer customer, String body) throws Exception {
        var sid = Webhooks.newSid();
        new Webhooks(mvc)
                .inbound(
                        Webhooks.text(sid, customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
        return messages.findBySid(sid).orElseThrow();
    }

    private String html(String path) throws Exception {
        return mvc.perform(get(path).with(Staff.dana()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
