package com.kontrol.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.UrlPathPattern;
import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.job.JobStatus;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.PhoneNumber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Landline warnings: with lookups switched on (off by default, a paid Twilio Lookup), each customer number is looked
 * up once when saved; the customer's page and SMS tab warn before anyone types, and notifications to a landline are
 * skipped with that reason.
 */
@KontrolTest
@WithTwilioStandIn
class LineTypeLookupTests {

    /** An admin logged in to the pages (the API's {@code Staff.admin()} signs in with HTTP Basic). */
    static final RequestPostProcessor ADMIN =
            SecurityMockMvcRequestPostProcessors.user("admin").roles("ADMIN");

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    LineTypes lineTypes;

    @Autowired
    JobDesk desk;

    @AfterEach
    void switchedOffAgain() {
        lineTypes.setEnabled(false, "test");
    }

    @Test
    void nothingIsLookedUpUntilAnAdminSwitchesLookupsOn() {
        var phone = TestCustomers.newPhone();
        customers.add("Unlooked Una", List.of(phone), true);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> lookupsOf(phone) == 0);
        assertThat(lineTypes.of(phone.e164())).isEmpty();
    }

    @Test
    void aLandlineIsLookedUpOnceWarnedAboutAndNotNotified() throws Exception {
        mvc.perform(post("/settings/integrations/twilio/line-types")
                        .with(ADMIN)
                        .with(csrf())
                        .param("enabled", "true"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/audit?action=settings.changed&limit=1").with(Staff.admin()))
                .andExpect(jsonPath("$.events[0].detail")
                        .value("Line-type lookups (Twilio Lookup, billed per number) switched on"))
                .andExpect(jsonPath("$.events[0].actor").value("admin"));
        var landline = TestCustomers.newPhone();
        answer(landline, "landline", "Pacific Bell");

        var customer = customers.add("Landline Lou", List.of(landline), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> lineTypes.isLandline(landline.e164()));
        assertThat(twilio.server().findAll(getRequestedFor(path(landline))))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.queryParameter("Fields").firstValue()).isEqualTo("line_type_intelligence");
                    assertThat(r.getHeader("Authorization")).startsWith("Basic ");
                });

        // Saving the customer again does not look the number up again (Twilio bills each lookup).
        customers.update(customer.id(), "Landline Lou", List.of(landline), true, null);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> lookupsOf(landline) == 1);

        assertThat(html("/customers/" + customer.id() + "/sms"))
                .contains("is a landline</strong>: texts")
                .contains("will not arrive")
                .contains("(Pacific Bell, Twilio Lookup)");
        assertThat(html("/customers/" + customer.id()))
                .contains("is a landline")
                .contains(" · landline");

        var job = desk.open(customer.id(), "Check the boiler", "dana");
        desk.changeStatus(job.id(), JobStatus.IN_PROGRESS, "dana");
        assertThat(html("/jobs/" + job.id() + "/notifications")).contains("landline: texts will not arrive");
        assertThat(twilio.sendsTo(landline.e164())).isEmpty();
    }

    @Test
    void aMobileNumberShowsItsTypeAndNoWarning() throws Exception {
        lineTypes.setEnabled(true, "test");
        var mobile = TestCustomers.newPhone();
        answer(mobile, "mobile", "T-Mobile USA, Inc.");
        var customer = customers.add("Mobile Mo", List.of(mobile), true);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lineTypes.of(mobile.e164()).isPresent());

        assertThat(html("/customers/" + customer.id())).contains(" · mobile").doesNotContain("is a landline");
        assertThat(html("/customers/" + customer.id() + "/sms")).doesNotContain("is a landline");
    }

    @Test
    void switchingLookupsOnLooksUpTheNumbersSavedBefore() throws Exception {
        var earlier = TestCustomers.newPhone();
        answer(earlier, "landline", null);
        customers.add("Early Eve", List.of(earlier), true);

        mvc.perform(post("/settings/integrations/twilio/line-types")
                        .with(ADMIN)
                        .with(csrf())
                        .param("enabled", "true"))
                .andExpect(status().is3xxRedirection());
        await().atMost(Duration.ofSeconds(20)).until(() -> lineTypes.isLandline(earlier.e164()));
    }

    private void answer(PhoneNumber phone, String type, String carrier) {
        twilio.server().stubFor(WireMock.get(path(phone)).willReturn(okJson("""
                                {"calling_country_code": "1", "country_code": "US", "phone_number": "%s",
                                 "national_format": "(415) 555-0100", "valid": true, "validation_errors": [],
                                 "caller_name": null, "sim_swap": null, "call_forwarding": null,
                                 "line_type_intelligence": {"mobile_country_code": "310", "mobile_network_code": "456",
                                   "carrier_name": %s, "type": "%s", "error_code": null},
                                 "url": "https://lookups.twilio.com/v2/PhoneNumbers/%s"}
                                """.formatted(
                        phone.e164(), carrier == null ? "null" : "\"" + carrier + "\"", type, phone.e164()))));
    }

    /** The lookup's path, the number's "+" as it is or encoded. */
    private static UrlPathPattern path(PhoneNumber phone) {
        return urlPathMatching("/v2/PhoneNumbers/(\\+|%2B)" + phone.e164().substring(1));
    }

    private int lookupsOf(PhoneNumber phone) {
        return twilio.server().findAll(getRequestedFor(urlPathMatching("/v2/PhoneNumbers/.*"))).stream()
                .filter(r -> r.getUrl().contains(phone.e164().replace("+", "")))
                .toList()
                .size();
    }

    private String html(String path) throws Exception {
        return mvc.perform(get(path).with(ADMIN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
