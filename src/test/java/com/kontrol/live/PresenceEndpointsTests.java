package com.kontrol.live;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.customer.Customers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** What a page says about its person's presence: only a signed-in page of this site, only about a real customer. */
@KontrolTest
class PresenceEndpointsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Test
    void staffSayTheyTypeAndAnyoneThatTheyLeft() throws Exception {
        var id = customers
                .add("Present Paula", List.of(TestCustomers.newPhone()), true)
                .id();
        mvc.perform(post("/live/typing")
                        .param("customer", "" + id)
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(post("/live/left")
                        .param("customer", "" + id)
                        .with(user("vera").roles("VIEWER"))
                        .with(csrf()))
                .andExpect(status().isNoContent());
        // A read-only account has no reply box to type in.
        mvc.perform(post("/live/typing")
                        .param("customer", "" + id)
                        .with(user("vera").roles("VIEWER"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void aForgedOrMalformedOneIsRefused() throws Exception {
        var id = customers
                .add("Present Pete", List.of(TestCustomers.newPhone()), true)
                .id();
        mvc.perform(post("/live/typing")
                        .param("customer", "" + id)
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isForbidden()); // no CSRF token: another site's page
        mvc.perform(post("/live/typing")
                        .param("customer", "987654321")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/live/typing")
                        .param("customer", "x")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isBadRequest());
    }
}
