package com.kontrol.messaging.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.ScheduledTexts;
import com.kontrol.messaging.outbound.TextToGo;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A thread you can trust: texts in the order they happened, whatever order they were stored in, and texts still ahead
 * in a band below it, shown as they will be sent (shortcodes filled, the time once).
 */
@KontrolTest
class ThreadOrderTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    ScheduledTexts scheduled;

    @Test
    void textsShowInTheOrderTheyHappenedNotTheOrderTheyWereStored() throws Exception {
        var customer = customer("Tess Order");
        var now = OffsetDateTime.now();
        outbound(customer, "We will be there at ten", now.minusMinutes(5)); // stored first, happened last
        TestCustomers.storeTextFrom(messages, customer, "Is anyone coming?", now.minusMinutes(30));

        for (var page : List.of(thread(customer), workspace(customer))) {
            var flow = page.substring(page.indexOf("id=\"thread\""), page.indexOf("id=\"scheduled\""));
            assertThat(flow.indexOf("Is anyone coming?"))
                    .isPositive()
                    .isLessThan(flow.indexOf("We will be there at ten"));
        }
    }

    @Test
    void aScheduledTextWaitsBelowTheThreadAsItWillBeSentWithItsTimeOnce() throws Exception {
        var customer = customer("Tess Ahead");
        TestCustomers.storeTextFrom(
                messages,
                customer,
                "Can you remind me tomorrow?",
                OffsetDateTime.now().minusMinutes(2));
        var at = OffsetDateTime.now().plusDays(1).withNano(0);
        var text =
                scheduled.schedule(TextToGo.to(customer.id(), "Hi {{first_name}}, see you today", Sender.person("dana"))
                        .at(at));

        var page = thread(customer);

        var flow = page.substring(page.indexOf("id=\"thread\""), page.indexOf("id=\"scheduled\""));
        var band = page.substring(
                page.indexOf("id=\"scheduled\""), page.indexOf("</section>", page.indexOf("id=\"scheduled\"")));
        assertThat(flow).contains("Can you remind me tomorrow?").doesNotContain("see you today");
        assertThat(band).contains("Hi Tess, see you today").doesNotContain("{{first_name}}");
        var item = band.substring(band.indexOf("id=\"message-" + text.id() + "\""));
        item = item.substring(0, item.indexOf("</li>"));
        assertThat(item).contains("scheduled for ").doesNotContain("<time"); // the time once
    }

    private String thread(Customer customer) throws Exception {
        return html("/customers/" + customer.id() + "/sms");
    }

    private String workspace(Customer customer) throws Exception {
        return html("/communication/conversations/" + customer.id());
    }

    private String html(String path) throws Exception {
        return mvc.perform(get(path).with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private void outbound(Customer c, String body, OffsetDateTime at) {
        messages.add(Message.queued(
                c.id(),
                null,
                TwilioStandIn.NUMBER,
                c.primaryPhone().orElseThrow().e164(),
                body,
                Sender.person("dana"),
                at));
    }
}
