package com.kontrol.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The attacks tried on the pages: a form posted from another site (no CSRF token), markup in what a customer or a
 * stranger wrote, framing a page to trick a click, a read-only account posting, and paths that climb out of
 * {@code /media}. (A forged Host: {@link com.kontrol.ForgedHostTests}.)
 */
@KontrolTest
class PageAttacksTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Test
    void aFormPostedWithoutTheCsrfTokenIs403AndChangesNothing() throws Exception {
        var customer = customers.add("No Token", List.of(TestCustomers.newPhone()), true);
        mvc.perform(post("/customers/" + customer.id() + "/sms")
                        .param("body", "sent from another site")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isForbidden());
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 5)).isEmpty();
    }

    @Test
    void markupInACustomersNameAndWordsIsShownAsTextNotRun() throws Exception {
        var customer = customers.add("<script>alert('name')</script>", List.of(TestCustomers.newPhone()), true);
        mvc.perform(post("/customers/" + customer.id() + "/sms")
                        .param("note", "true")
                        .param("body", "<img src=x onerror=alert('note')>")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        for (var page : List.of("/customers/" + customer.id() + "/sms", "/customers", "/search?q=script")) {
            var html = mvc.perform(get(page).with(user("dana").roles("STAFF")))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(html).as(page).doesNotContain("<script>alert(").doesNotContain("<img src=x onerror");
        }
    }

    @Test
    void noPageCanBeFramedByAnotherSite() throws Exception {
        for (var page : List.of("/login", "/customers")) {
            mvc.perform(get(page).with(user("dana").roles("STAFF")))
                    .andExpect(header().string(
                                    "Content-Security-Policy", Matchers.containsString("frame-ancestors 'none'")));
        }
    }

    @Test
    void aReadOnlyAccountCannotTextEvenWithAValidForm() throws Exception {
        var customer = customers.add("Read Only Target", List.of(TestCustomers.newPhone()), true);
        mvc.perform(post("/customers/" + customer.id() + "/sms")
                        .param("body", "hello")
                        .with(user("vera").roles("VIEWER"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 5)).isEmpty();
    }

    @Test
    void aMediaPathThatClimbsOutIsNotFound() throws Exception {
        for (var path : List.of("/media/..%2f..%2fetc%2fpasswd", "/media/%2e%2e", "/media/" + "x".repeat(5000))) {
            var status = mvc.perform(get(path)).andReturn().getResponse().getStatus();
            assertThat(status).as(path).isBetween(400, 404);
        }
    }
}
