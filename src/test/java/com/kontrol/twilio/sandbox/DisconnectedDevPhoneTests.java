package com.kontrol.twilio.sandbox;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Sandbox SMS on a database that was connected to Twilio and then disconnected: its customers are real people, so the
 * Dev Phone, which texts Kontrol as any of them, is for admins only, and says it is a simulation.
 */
@KontrolTest
@TestPropertySource(properties = "kontrol.test.context=disconnected-from-twilio") // a database of its own
class DisconnectedDevPhoneTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void connectedOnceAndDisconnected() {
        jdbc.sql("""
                        insert into twilio_connected (id, first_at)
                        select 1, current_timestamp where not exists (select 1 from twilio_connected)
                        """).update();
    }

    @Test
    void aStaffMemberCannotOpenTheDevPhoneNorTextFromIt() throws Exception {
        mvc.perform(get("/dev/phone").with(user("dana").roles("STAFF"))).andExpect(status().isForbidden());
        mvc.perform(post("/dev/phone")
                        .param("number", TestCustomers.newPhone().e164())
                        .param("body", "YES")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/customers").with(user("dana").roles("STAFF")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("href=\"/dev/phone\""))));
    }

    @Test
    void anAdminCanAndIsToldItIsASimulation() throws Exception {
        mvc.perform(get("/dev/phone").with(user("admin").roles("ADMIN", "STAFF", "VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("A simulation.")))
                .andExpect(content().string(Matchers.containsString("its customers are real people")));
        mvc.perform(get("/customers").with(user("admin").roles("ADMIN", "STAFF", "VIEWER")))
                .andExpect(content().string(Matchers.containsString("href=\"/dev/phone\"")));
    }
}
