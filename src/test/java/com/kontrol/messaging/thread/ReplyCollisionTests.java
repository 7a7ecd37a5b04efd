package com.kontrol.messaging.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.ThreadReads;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Two people answering one customer: a reply written after a colleague answered (since the thread was shown) is not
 * sent until its writer says so, and shows what the colleague said; Kontrol's own texts, one's own and a note do not
 * ask.
 */
@KontrolTest
class ReplyCollisionTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    ThreadReads threadReads;

    @Test
    void aReplyWrittenAfterAColleaguesAnswerAsksFirstAndGoesWhenConfirmed() throws Exception {
        var customer = customer("Collision Carla");
        TestCustomers.storeTextFrom(messages, customer, "Is anyone coming today?", OffsetDateTime.now());
        var seen = threadReads.newestId(customer.id()); // Dana opens the thread

        send("robin", customer, "Yes, at 3 pm", null, false); // Robin answers meanwhile
        var asked = send("dana", customer, "Someone can come at 4", seen, false);

        assertThat(asked.getHeader("HX-Retarget")).isEqualTo("#reply-error");
        assertThat(asked.getContentAsString())
                .contains("robin replied ")
                .contains("s ago: “Yes, at 3 pm”.")
                .contains("Send anyway");
        assertThat(bodies(customer)).doesNotContain("Someone can come at 4");

        var sent = send("dana", customer, "Someone can come at 4", seen, true);
        assertThat(sent.getHeader("HX-Retarget")).isNull();
        assertThat(bodies(customer)).contains("Someone can come at 4");
    }

    @Test
    void kontrolsOwnTextsMyOwnRepliesAndNotesDoNotAsk() throws Exception {
        var customer = customer("Collision Free");
        TestCustomers.storeTextFrom(messages, customer, "Can you text me the address?", OffsetDateTime.now());
        var seen = threadReads.newestId(customer.id());

        messages.add(Message.queued(
                customer.id(),
                null,
                TwilioStandIn.NUMBER,
                customer.primaryPhone().orElseThrow().e164(),
                "Your visit is confirmed",
                Sender.Automatic.NOTIFICATION,
                OffsetDateTime.now()));
        send("dana", customer, "12 Elm Street", seen, false);
        mvc.perform(post("/customers/" + customer.id() + "/sms")
                        .param("body", "robin: she prefers mornings")
                        .param("note", "true")
                        .header("HX-Request", "true")
                        .with(user("robin").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isOk());

        var second = send("dana", customer, "Gate code is 4411", seen, false);

        assertThat(second.getHeader("HX-Retarget")).isNull();
        assertThat(bodies(customer)).contains("12 Elm Street", "Gate code is 4411");
    }

    private MockHttpServletResponse send(String who, Customer customer, String body, Long seen, boolean confirmed)
            throws Exception {
        var request = post("/customers/" + customer.id() + "/sms")
                .param("body", body)
                .header("HX-Request", "true")
                .with(user(who).roles("STAFF"))
                .with(csrf());
        if (seen != null) {
            request.param("seen", String.valueOf(seen));
        }
        if (confirmed) {
            request.param("confirmed", "true");
        }
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse();
    }

    private List<String> bodies(Customer customer) {
        return messages.thread(customer.id(), Long.MAX_VALUE, 50).stream()
                .map(Message::body)
                .toList();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }
}
