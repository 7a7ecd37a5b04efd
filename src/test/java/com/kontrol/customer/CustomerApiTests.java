package com.kontrol.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestDatabase;
import org.assertj.core.api.Assertions;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@KontrolTest
class CustomerApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Test
    void everyApiCallNeedsALoginAndAnswers401AsJson() throws Exception {
        mvc.perform(get("/api/v1/customers/1"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").isNotEmpty());
        mvc.perform(post("/api/v1/customers")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/customers/1").with(httpBasic("admin", "wrong password")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").isNotEmpty());
    }

    @Test
    void aCustomerCreatedThroughTheApiHasAnE164Number() throws Exception {
        var body = mvc.perform(api(post("/api/v1/customers"))
                        .content("{\"name\":\"Api Person\",\"phone\":\"(415) 555-0181\",\"smsEnabled\":true}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").isNumber())
                .andExpect(jsonPath("$.name").value("Api Person"))
                .andExpect(jsonPath("$.phone").value("+14155550181"))
                .andExpect(jsonPath("$.phones[0]").value("+14155550181"))
                .andExpect(jsonPath("$.smsEnabled").value(true))
                .andExpect(jsonPath("$.smsOptedOut").value(false))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var id = body.replaceAll(".*\"id\":(\\d+).*", "$1");
        mvc.perform(api(get("/api/v1/customers/" + id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.phone").value("+14155550181"));
    }

    @Test
    void aCustomerCreatedWithAnAddressReadsItBack() throws Exception {
        var body = mvc.perform(
                        api(post("/api/v1/customers"))
                                .content(
                                        "{\"name\":\"Api Addressed\",\"phone\":\"(415) 555-0182\",\"address\":\" 7 Oak Lane \"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.address").value("7 Oak Lane"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var id = body.replaceAll(".*\"id\":(\\d+).*", "$1");
        mvc.perform(api(get("/api/v1/customers/" + id)))
                .andExpect(jsonPath("$.address").value("7 Oak Lane"));
        mvc.perform(api(post("/api/v1/customers"))
                        .content("{\"name\":\"Api Far\",\"phone\":\"(415) 555-0183\",\"address\":\"" + "x".repeat(301)
                                + "\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("address is too long")));
    }

    @Test
    void anInvalidPhoneIs422AndNothingIsSaved() throws Exception {
        mvc.perform(api(post("/api/v1/customers")).content("{\"name\":\"Invalid Phone Api\",\"phone\":\"12345\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("12345")));
        Assertions.assertThat(customers.search("Invalid Phone Api", 5)).isEmpty();
    }

    @Test
    void anEmptyNameIs422() throws Exception {
        mvc.perform(api(post("/api/v1/customers")).content("{\"name\":\" \",\"phone\":\"+14155550182\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value("Enter the customer's name."));
    }

    @Test
    void malformedJsonIs400() throws Exception {
        mvc.perform(api(post("/api/v1/customers")).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").isNotEmpty());
    }

    @Test
    void anUnknownCustomerIs404() throws Exception {
        mvc.perform(api(get("/api/v1/customers/987654321")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("There is no customer 987654321."));
        mvc.perform(api(get("/api/v1/customers/not-a-number")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").isNotEmpty());
    }

    @Test
    void aCallThatChangesSomethingWithoutJsonOrTheHeaderIsRefusedAsAForgedCrossSiteRequest() throws Exception {
        for (var contentType :
                new String[] {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data"}) {
            mvc.perform(post("/api/v1/customers")
                            .with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD))
                            .contentType(contentType)
                            .content("{\"name\":\"Forged Cross Site\"}"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(jsonPath("$.error").value(Matchers.containsString("application/json")));
        }
        assertThat(customers.search("Forged Cross Site", 5)).isEmpty();
    }

    private static MockHttpServletRequestBuilder api(MockHttpServletRequestBuilder request) {
        return request.with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD)).contentType(MediaType.APPLICATION_JSON);
    }
}
