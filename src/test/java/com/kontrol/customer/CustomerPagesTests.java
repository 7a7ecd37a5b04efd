package com.kontrol.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.phone.PhoneNumber;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@KontrolTest
class CustomerPagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Test
    void anyPageRedirectsToLoginWhenNotLoggedIn() throws Exception {
        for (var page : new String[] {
            "/customers",
            "/customers/1",
            "/customers/1/sms",
            "/communication/messages",
            "/settings/integrations/twilio",
            "/jobs/1",
            "/"
        }) {
            mvc.perform(get(page)).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        }
    }

    @Test
    void aPhoneTypedInAnyCommonFormIsSavedAsE164() throws Exception {
        var name = unique("Ana Lima");
        var result = mvc.perform(staff(post("/customers"))
                        .param("name", name)
                        .param("phone", "(415) 555-0171")
                        .param("otherPhones", "+44 20 7946 0018\n650.555.0199")
                        .param("smsEnabled", "true"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrlPattern("/customers/*"))
                .andReturn();
        long id = Long.parseLong(result.getResponse().getRedirectedUrl().replace("/customers/", ""));
        var saved = customers.findById(id).orElseThrow();
        assertThat(saved.name()).isEqualTo(name);
        assertThat(saved.phones())
                .extracting(p -> p.e164())
                .containsExactly("+14155550171", "+442079460018", "+16505550199");
        assertThat(saved.smsEnabled()).isTrue();
    }

    @Test
    void anAddressIsSavedShownWithAMapLinkAndChanged() throws Exception {
        var name = unique("Addie Dress");
        var result = mvc.perform(staff(post("/customers"))
                        .param("name", name)
                        .param("phone", "(415) 555-0177")
                        .param("address", "  12 Elm Street\nSpringfield  ")
                        .param("smsEnabled", "true"))
                .andExpect(status().isFound())
                .andReturn();
        long id = Long.parseLong(result.getResponse().getRedirectedUrl().replace("/customers/", ""));
        assertThat(customers.findById(id).orElseThrow().address()).isEqualTo("12 Elm Street, Springfield");
        mvc.perform(staff(get("/customers/" + id)))
                .andExpect(content().string(containsString("12 Elm Street, Springfield")))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "https://www.google.com/maps/search/?api=1&amp;query=12%20Elm%20Street,%20Springfield")));

        mvc.perform(staff(post("/customers/" + id))
                        .param("name", name)
                        .param("phone", "(415) 555-0177")
                        .param("address", "x".repeat(301)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("The address is too long")));
        assertThat(customers.findById(id).orElseThrow().address()).isEqualTo("12 Elm Street, Springfield");
        mvc.perform(staff(post("/customers/" + id))
                        .param("name", name)
                        .param("phone", "(415) 555-0177")
                        .param("address", " "))
                .andExpect(status().isFound());
        assertThat(customers.findById(id).orElseThrow().address()).isNull(); // cleared
    }

    @Test
    void anInvalidPhoneGetsAClearMessageAndNothingIsSaved() throws Exception {
        var name = unique("Bad Number");
        mvc.perform(staff(post("/customers")).param("name", name).param("phone", "555-01"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("is not a valid phone number")))
                .andExpect(content().string(containsString("nothing was saved")));
        assertThat(customers.search(name, 10)).isEmpty();
    }

    @Test
    void anEmptyNameGetsAClearMessageAndNothingIsSaved() throws Exception {
        mvc.perform(staff(post("/customers")).param("name", "  ").param("phone", "+14155550172"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Enter the customer&#39;s name.")));
        assertThat(customers.search("5550172", 10)).isEmpty();
    }

    @Test
    void theListFindsCustomersByNameOrByAnyPartOfTheirNumber() throws Exception {
        var name = unique("Zed Searchable");
        customers.add(name, List.of(PhoneNumber.ofE164("+14155550173")), true);
        mvc.perform(staff(get("/customers")).param("q", name.substring(0, 12).toLowerCase()))
                .andExpect(content().string(containsString(name)));
        mvc.perform(staff(get("/customers")).param("q", "(415) 555-0173"))
                .andExpect(content().string(containsString(name)));
        mvc.perform(staff(get("/customers")).param("q", "nobody-is-called-this"))
                .andExpect(content().string(not(containsString(name))));
    }

    @Test
    void anHtmxSearchGetsOnlyTheRows() throws Exception {
        var html = mvc.perform(staff(get("/customers")).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(html).contains("<tbody id=\"customer-rows\"").doesNotContain("<html");
    }

    @Test
    void editingKeepsTheCustomerAndReplacesTheirNumbers() throws Exception {
        var customer = customers.add(unique("Edit Me"), List.of(PhoneNumber.ofE164("+14155550174")), true);
        mvc.perform(staff(post("/customers/" + customer.id()))
                        .param("name", "Edited " + customer.name())
                        .param("phone", "+1 650 555 0175")
                        .param("_smsEnabled", "on"))
                .andExpect(redirectedUrl("/customers/" + customer.id()));
        var saved = customers.findById(customer.id()).orElseThrow();
        assertThat(saved.name()).startsWith("Edited ");
        assertThat(saved.phones()).extracting(p -> p.e164()).containsExactly("+16505550175");
        assertThat(saved.smsEnabled()).isFalse(); // the unticked box
    }

    @Test
    void anInvalidEditChangesNothing() throws Exception {
        var customer = customers.add(unique("Keep Me"), List.of(PhoneNumber.ofE164("+14155550176")), true);
        mvc.perform(staff(post("/customers/" + customer.id()))
                        .param("name", "New name")
                        .param("phone", "nonsense"))
                .andExpect(status().isOk());
        assertThat(customers.findById(customer.id()).orElseThrow()).isEqualTo(customer);
    }

    @Test
    void anUnknownCustomerIs404() throws Exception {
        mvc.perform(staff(get("/customers/987654321"))).andExpect(status().isNotFound());
    }

    @Test
    void theDetailPageHasTheOverviewJobsAndSmsTabs() throws Exception {
        var customer = customers.add(unique("Tabbed"), List.of(), true);
        for (var tab : new String[] {"", "/jobs", "/sms"}) {
            mvc.perform(staff(get("/customers/" + customer.id() + tab)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString(">Overview<")))
                    .andExpect(content().string(containsString(">Jobs<")))
                    .andExpect(content().string(containsString(">SMS<")));
        }
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/customers").with(user("staff").roles("STAFF")).param("name", "No Token"))
                .andExpect(status().isForbidden());
    }

    private static MockHttpServletRequestBuilder staff(MockHttpServletRequestBuilder request) {
        return request.with(user("staff").roles("STAFF")).with(csrf());
    }

    private static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }
}
