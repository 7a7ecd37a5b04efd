package com.kontrol.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.job.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Several business numbers, one thread per customer: each text shows the number it used, a reply goes from the number
 * the customer last texted (or another picked in the reply box), notifications from the default number.
 */
@KontrolTest
@WithTwilioStandIn
class SeveralNumbersTests {

    static final String EASTSIDE = "+14155550101";

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    JobDesk desk;

    @Autowired
    BusinessNumbers businessNumbers;

    @Test
    void aThreadWithTextsThroughTwoNumbersShowsEachAndRepliesFromTheOneLastTexted() throws Exception {
        var customer = customer("Two-Line Tia");
        text(customer, TwilioStandIn.NUMBER, "Hi, is this the main office?");
        text(customer, EASTSIDE, "Or should I text the Eastside shop?");
        mvc.perform(post("/settings/integrations/twilio/numbers")
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf())
                        .param("phone", EASTSIDE)
                        .param("label", "Eastside"))
                .andExpect(status().is3xxRedirection());

        var thread = html("/customers/" + customer.id() + "/sms");
        assertThat(thread)
                .contains("to (415) 555-0100")
                .contains("to Eastside")
                .as("the reply box offers both, the one last texted first chosen")
                .contains("<option value=\"" + EASTSIDE + "\" selected=\"selected\">Eastside (415) 555-0101</option>");

        reply(customer, "Eastside here, we can come today", null);
        assertThat(lastSendTo(customer).get("From")).isEqualTo(EASTSIDE);

        reply(customer, "Main office: your invoice is ready", TwilioStandIn.NUMBER);
        assertThat(lastSendTo(customer).get("From")).isEqualTo(TwilioStandIn.NUMBER);
        assertThat(html("/customers/" + customer.id() + "/sms"))
                .contains("from Eastside")
                .contains("from (415) 555-0100");
    }

    @Test
    void aNumberThatIsNotTheBusinessesIsRefused() throws Exception {
        var customer = customer("Picky Pia");
        text(customer, EASTSIDE, "Hello");
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\": \"Hi\", \"from\": \"+14155550999\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value("+14155550999 is not one of the business's numbers."));
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\": \"Hi from the API\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.from").value(EASTSIDE));
    }

    @Test
    void notificationsGoFromTheDefaultNumber() throws Exception {
        var customer = customer("Notified Nell");
        text(customer, EASTSIDE, "Thanks for the quote");
        var job = desk.open(customer.id(), "Replace the heater", "dana");
        desk.changeStatus(job.id(), JobStatus.COMPLETED, "dana");
        assertThat(lastSendTo(customer).get("From")).isEqualTo(TwilioStandIn.NUMBER);
        assertThat(businessNumbers.all().get(0).phone())
                .as("the default number is listed first")
                .isEqualTo(TwilioStandIn.NUMBER);
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private void text(Customer customer, String to, String body) throws Exception {
        Map<String, String> params = Webhooks.text(
                Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body);
        params.put("To", to);
        new Webhooks(mvc).inbound(params).andExpect(status().isOk());
    }

    private void reply(Customer customer, String body, String from) throws Exception {
        int before =
                twilio.sendsTo(customer.primaryPhone().orElseThrow().e164()).size();
        var request = post("/customers/" + customer.id() + "/sms")
                .with(Staff.dana())
                .with(csrf())
                .param("body", body);
        if (from != null) {
            request.param("from", from);
        }
        mvc.perform(request).andExpect(status().is3xxRedirection());
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        twilio.sendsTo(customer.primaryPhone().orElseThrow().e164())
                                        .size()
                                > before);
    }

    private Map<String, String> lastSendTo(Customer customer) {
        var phone = customer.primaryPhone().orElseThrow().e164();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(phone).isEmpty());
        var sends = twilio.sendsTo(phone);
        return sends.get(sends.size() - 1);
    }

    private String html(String path) throws Exception {
        return mvc.perform(get(path).with(Staff.dana()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
