package com.kontrol.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;
import tools.jackson.databind.json.JsonMapper;

/** Settings › Inbox: the acknowledgement rule can be turned off, and its words are the office's own. */
@KontrolTest
@WithTwilioStandIn
class InboxSettingsTests {

    static final RequestPostProcessor ADMIN = user("admin").roles("ADMIN"); // the pages' admin, logged in

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Conversations conversations;

    @Autowired
    Acknowledgements acknowledgements;

    @AfterEach
    void builtInWordsAgain() {
        acknowledgements.save(true, String.join("\n", Acknowledgements.DEFAULT_WORDS), "admin");
    }

    @Test
    void theSettingsPageListsTheBuiltInWordsAndIsForAdminsOnly() throws Exception {
        mvc.perform(get("/settings/inbox").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(MockMvcResultMatchers.content()
                        .string(Matchers.allOf(
                                Matchers.containsString("sounds good"),
                                Matchers.containsString("A bare acknowledgement does not reopen"))));
        mvc.perform(get("/settings/inbox").with(user("dana").roles("STAFF"))).andExpect(status().isForbidden());
    }

    @Test
    void theOfficesOwnWordsCountAndOthersNoLonger() throws Exception {
        save("true", "Roger that\n\n  OK  \n");
        var customer = answered("Says Roger");
        text(customer, "Roger that!");
        assertThat(waiting(customer)).isFalse();
        text(customer, "thanks"); // no longer in the list: it waits
        assertThat(waiting(customer)).isTrue();
        mvc.perform(get("/api/v1/audit").param("action", "settings.changed").with(Staff.admin()))
                .andExpect(MockMvcResultMatchers.jsonPath("$.events[0].detail")
                        .value(Matchers.containsString("words: roger that, ok")));
    }

    @Test
    void turnedOffEveryTextReopensAndWaits() throws Exception {
        save("false", "ok");
        var customer = answered("Ok Waits");
        mvc.perform(post("/api/v1/conversations/" + customer.id() + "/close")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        text(customer, "ok");
        assertThat(waiting(customer)).isTrue();
        assertThat(conversations.find(customer.id(), "admin").orElseThrow().state())
                .isEqualTo("open");
    }

    @Test
    void aListThatCannotWorkIsRefusedAndWhatWasTypedIsKept() throws Exception {
        var tooLong = "this is not an acknowledgement but a whole sentence";
        mvc.perform(post("/settings/inbox")
                        .with(ADMIN)
                        .with(csrf())
                        .param("quiet", "true")
                        .param("words", "ok\n" + tooLong))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("settingsError", Matchers.containsString("longer than 40 characters")))
                .andExpect(flash().attribute("words", "ok\n" + tooLong));
        mvc.perform(post("/settings/inbox")
                        .with(ADMIN)
                        .with(csrf())
                        .param("quiet", "true")
                        .param("words", " "))
                .andExpect(flash().attribute("settingsError", Matchers.containsString("at least one word")));
        assertThat(acknowledgements.current().words()).contains("sounds good"); // nothing was saved
    }

    private void save(String quiet, String words) throws Exception {
        mvc.perform(post("/settings/inbox")
                        .with(ADMIN)
                        .with(csrf())
                        .param("quiet", quiet)
                        .param("words", words))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", "Inbox settings saved."));
    }

    /** A customer who texted and got an answer: nothing waits. */
    private Customer answered(String name) throws Exception {
        var customer = customers.add(name + " " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
        text(customer, "can you come at 9?");
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JsonMapper.shared().writeValueAsString(Map.of("body", "9 works"))))
                .andExpect(status().isAccepted());
        assertThat(waiting(customer)).isFalse();
        return customer;
    }

    private boolean waiting(Customer customer) {
        return conversations.find(customer.id(), "admin").orElseThrow().waitingSince() != null;
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }
}
