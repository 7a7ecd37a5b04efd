package com.kontrol.messaging.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.database.Database;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.Messages;
import com.kontrol.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search, as the user guide's dispatcher uses it: any form of a word, a "phrase", a -word left out, a phone number, a
 * job number, a name, a note. Each test's texts carry a word of their own, so that other tests' texts do not count.
 */
@KontrolTest
@WithTwilioStandIn
class SearchTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Jobs jobs;

    @Autowired
    PhoneNumbers phones;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Messages messages;

    @Autowired
    Database database;

    @Test
    void anyFormOfAWordFindsTheTextAndEveryWordMustBeThere() throws Exception {
        var tag = tag();
        var customer = customer("Leaky Sink");
        text(customer, "The kitchen sink is leaking badly " + tag);
        text(customer, "The boiler makes a noise " + tag);

        assertThat(bodies("leaks " + tag)).containsExactly("The kitchen sink is leaking badly " + tag);
        assertThat(bodies("leaked " + tag)).hasSize(1);
        assertThat(bodies("LEAKING " + tag)).hasSize(1);
        assertThat(bodies("leaking boiler " + tag)).isEmpty();
        assertThat(bodies(tag)).hasSize(2);
    }

    @Test
    void aQuotedPhraseMustBeInOrderAndAMinusWordIsLeftOut() throws Exception {
        var tag = tag();
        var customer = customer("Phrase Finder");
        text(customer, "The kitchen sink is leaking " + tag);
        text(customer, "The bathroom sink is fine " + tag);

        assertThat(bodies("\"sink is leaking\" " + tag)).containsExactly("The kitchen sink is leaking " + tag);
        assertThat(bodies("\"leaking sink\" " + tag)).isEmpty();
        assertThat(bodies("sink -kitchen " + tag)).containsExactly("The bathroom sink is fine " + tag);
    }

    @Test
    void aNumberInATextAPhoneNumberAndAJobNumberFindTheirTexts() throws Exception {
        var tag = tag();
        var customer = customer("Gate Code");
        var code = String.valueOf(ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999));
        text(customer, "the gate code is " + code + " " + tag);
        assertThat(bodies(code)).containsExactly("the gate code is " + code + " " + tag);

        // The customer's number, as people write it, finds every text of theirs.
        var number = phones.display(customer.primaryPhone().orElseThrow().e164());
        assertThat(bodies(number)).containsExactly("the gate code is " + code + " " + tag);

        // A reply about a job, found by the job's number though the text does not say it.
        var job = jobs.add(customer.id(), "Gate motor", "admin");
        api(post("/api/v1/customers/" + customer.id() + "/messages")
                        .content(json(Map.of("body", "We will bring the part " + tag, "jobId", job.id()))))
                .andExpect(status().isAccepted());
        assertThat(bodies(String.valueOf(job.number()))).contains("We will bring the part " + tag);
        assertThat(bodies("#" + job.number())).contains("We will bring the part " + tag);
    }

    @Test
    void aNameFindsTheCustomersTextsAndNotesAreFoundTooNewestFirst() throws Exception {
        var tag = tag();
        var customer = customer("Quillon " + tag);
        text(customer, "first text");
        text(customer, "second text");
        api(post("/api/v1/customers/" + customer.id() + "/notes").content(json(Map.of("body", "key under the mat"))))
                .andExpect(status().isCreated());

        var found = results("quillon " + tag, 10);
        assertThat(found.get("results")
                        .valueStream()
                        .map(r -> r.get("message").get("body").asString()))
                .containsExactly("key under the mat", "second text", "first text");
        assertThat(found.get("results").get(0).get("message").get("direction").asString())
                .isEqualTo("note");
        assertThat(found.get("results").get(0).get("customerId").asLong()).isEqualTo(customer.id());
        assertThat(found.get("results").get(0).get("customerName").asString()).isEqualTo(customer.name());
    }

    @Test
    void aWordNotAmongTheNewestTextsIsStillFoundAllOfIt() throws Exception {
        var tag = tag();
        var customer = customer("Older Word");
        text(customer, "the furnace is making a noise " + tag);
        text(customer, "still noisy " + tag);
        for (var i = 0; i < 3; i++) {
            text(customer, "something else " + i);
        }
        // Looking through only the newest text first, the page is not full there: the rest comes from the index.
        var search = new MessageSearch(jdbc, messages, phones, 1);
        assertThat(search.search(SearchQuery.parse(tag), null, 10).stream()
                        .map(h -> h.message().body()))
                .containsExactly("still noisy " + tag, "the furnace is making a noise " + tag);
        assertThat(search.search(SearchQuery.parse(tag), null, 1).stream()
                        .map(h -> h.message().body()))
                .containsExactly("still noisy " + tag);
    }

    @Test
    void resultsPageOnFromTheLastOne() throws Exception {
        var tag = tag();
        var customer = customer("Many Results");
        for (var i = 1; i <= 5; i++) {
            text(customer, "update " + i + " " + tag);
        }
        var first = results(tag, 2);
        assertThat(first.get("results")
                        .valueStream()
                        .map(r -> r.get("message").get("body").asString()))
                .containsExactly("update 5 " + tag, "update 4 " + tag);
        var seen = new ArrayList<String>();
        var before = first.get("before");
        while (!before.isNull()) {
            var page = json(api(get("/api/v1/search")
                            .param("q", tag)
                            .param("limit", "2")
                            .param("before", before.asString()))
                    .andExpect(status().isOk()));
            page.get("results")
                    .valueStream()
                    .forEach(r -> seen.add(r.get("message").get("body").asString()));
            before = page.get("before");
        }
        assertThat(seen).containsExactly("update 3 " + tag, "update 2 " + tag, "update 1 " + tag);
    }

    @Test
    void aSearchTooShortTooLongOrOfNothingIsAClearError() throws Exception {
        for (var q : List.of("", "a", "  -  ", "\"\"", "x".repeat(201))) {
            api(get("/api/v1/search").param("q", q))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").isNotEmpty());
        }
        api(get("/api/v1/search").param("q", "boiler").param("limit", "0"))
                .andExpect(status().isUnprocessableContent());
        api(get("/api/v1/search").param("q", "100% _done_ \\ 'quote")).andExpect(status().isOk());
        mvc.perform(get("/search").param("q", "a").with(Staff.dana()))
                .andExpect(status().isOk())
                .andExpect(MockMvcResultMatchers.content()
                        .string(Matchers.containsString("Type at least two characters")));
    }

    @Test
    void aResultOpensTheThreadAtThatMessageMarked() throws Exception {
        var tag = tag();
        var customer = customer("Opened At");
        text(customer, "the old question " + tag);
        for (var i = 0; i < 40; i++) {
            text(customer, "later text " + i);
        }
        var page = mvc.perform(get("/search").param("q", "question " + tag).with(Staff.dana()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("<mark>question</mark>");
        var id = json(api(get("/api/v1/search").param("q", "question " + tag)))
                .get("results")
                .get(0)
                .get("message")
                .get("id")
                .asLong();
        assertThat(page).contains("/customers/" + customer.id() + "/sms?at=" + id + "#message-" + id);

        var thread = mvc.perform(get("/customers/" + customer.id() + "/sms")
                        .param("at", String.valueOf(id))
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(thread).contains("data-scroll-to=\"message-" + id + "\"");
        assertThat(thread).contains("the old question " + tag).doesNotContain("later text 39");
        assertThat(thread).contains("/sms/newer?after="); // the rest comes as the thread is scrolled down
    }

    // --- helpers

    private static String tag() {
        var letters = new StringBuilder("zq");
        for (var i = 0; i < 8; i++) {
            letters.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return letters.toString();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }

    private List<String> bodies(String q) throws Exception {
        return results(q, 100)
                .get("results")
                .valueStream()
                .map(r -> r.get("message").get("body").asString())
                .toList();
    }

    private JsonNode results(String q, int limit) throws Exception {
        return json(api(get("/api/v1/search").param("q", q).param("limit", String.valueOf(limit)))
                .andExpect(status().isOk()));
    }

    private static JsonNode json(ResultActions result) throws Exception {
        return JsonMapper.shared().readTree(result.andReturn().getResponse().getContentAsString());
    }

    private static String json(Map<String, ?> body) {
        return JsonMapper.shared().writeValueAsString(body);
    }

    private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(Staff.admin()).contentType(MediaType.APPLICATION_JSON));
    }
}
