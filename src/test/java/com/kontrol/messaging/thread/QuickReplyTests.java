package com.kontrol.messaging.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quick replies: each person keeps their own, admins keep the team's, the composer lists both, and a blank
 * ({@code {{ask:…}}}) must be filled in before the text can go.
 */
@KontrolTest
@WithTwilioStandIn
class QuickReplyTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Test
    void eachPersonKeepsTheirOwnAndOnlyAdminsKeepTheTeams() throws Exception {
        var dana = "dana-" + System.nanoTime();
        var sam = "sam-" + System.nanoTime();
        var mine = "on my way " + System.nanoTime() % 100_000;
        call(staff(dana), post("/api/v1/quick-replies"), Map.of("name", mine, "body", "On my way, {{first_name}}!"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.personal").value(true));
        call(staff(dana), post("/api/v1/quick-replies"), Map.of("name", "team " + mine, "body", "x", "personal", false))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("Only an admin")));
        var team = "team " + mine;
        var teamId = id(call(
                        Staff.admin(),
                        post("/api/v1/quick-replies"),
                        Map.of("name", team, "body", "Thanks for choosing {{company_name}}", "personal", false))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.personal").value(false)));

        assertThat(names(dana)).contains(mine, team);
        var page = mvc.perform(get("/quick-replies").with(staff(dana)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(mine).contains(team).contains("Yours").contains("For the whole team");
        assertThat(names(sam)).contains(team).doesNotContain(mine);

        call(staff(dana), put("/api/v1/quick-replies/" + teamId), Map.of("name", team, "body", "changed"))
                .andExpect(status().isForbidden());
        call(staff(dana), delete("/api/v1/quick-replies/" + teamId), null).andExpect(status().isForbidden());
        call(Staff.admin(), delete("/api/v1/quick-replies/" + teamId), null).andExpect(status().isNoContent());
    }

    @Test
    void aNameTakenAnUnknownShortcodeOrAnEmptyTextIsRefused() throws Exception {
        var dana = staff("dana-" + System.nanoTime());
        var name = "late " + System.nanoTime() % 100_000;
        call(dana, post("/api/v1/quick-replies"), Map.of("name", name, "body", "Running late"))
                .andExpect(status().isCreated());
        call(dana, post("/api/v1/quick-replies"), Map.of("name", name.toUpperCase(), "body", "again"))
                .andExpect(status().isConflict());
        call(dana, post("/api/v1/quick-replies"), Map.of("name", "x" + name, "body", "Hi {{nickname}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("Unknown shortcode {{nickname}}")));
        call(dana, post("/api/v1/quick-replies"), Map.of("name", "y" + name, "body", "  "))
                .andExpect(status().isUnprocessableContent());
        call(dana, post("/api/v1/quick-replies"), Map.of("name", "", "body", "hello"))
                .andExpect(status().isUnprocessableContent());
        call(dana, post("/api/v1/quick-replies"), Map.of("name", "z" + name, "body", "at {{ask: }}"))
                .andExpect(status().isUnprocessableContent());
    }

    @Test
    void oneCannotChangeOrDeleteSomeoneElsesAndDeletesOnesOwn() throws Exception {
        var dana = staff("dana-" + System.nanoTime());
        var sam = staff("sam-" + System.nanoTime());
        var id = id(call(
                        dana,
                        post("/api/v1/quick-replies"),
                        Map.of("name", "gate " + System.nanoTime() % 100_000, "body", "What is the gate code?"))
                .andExpect(status().isCreated()));
        call(sam, put("/api/v1/quick-replies/" + id), Map.of("name", "mine now", "body", "x"))
                .andExpect(status().isNotFound());
        call(sam, delete("/api/v1/quick-replies/" + id), null).andExpect(status().isNotFound());
        call(dana, put("/api/v1/quick-replies/" + id), Map.of("name", "gate code", "body", "What is your gate code?"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.body").value("What is your gate code?"));
        call(dana, delete("/api/v1/quick-replies/" + id), null).andExpect(status().isNoContent());
        call(dana, delete("/api/v1/quick-replies/" + id), null).andExpect(status().isNotFound());
    }

    @Test
    void aTextWithABlankLeftCannotBeSentAndTheComposerListsTheQuickReplies() throws Exception {
        var customer = customers.add("Blank Left", List.of(TestCustomers.newPhone()), true);
        var name = "arrival " + System.nanoTime() % 100_000;
        call(
                        staff("dana"),
                        post("/api/v1/quick-replies"),
                        Map.of("name", name, "body", "We arrive {{ask:Arrival window}}"))
                .andExpect(status().isCreated());
        call(
                        Staff.admin(),
                        post("/api/v1/customers/" + customer.id() + "/messages"),
                        Map.of("body", "We arrive {{ask:Arrival window}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value("Fill in “Arrival window” first: the text asks for it."));
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 5)).isEmpty();

        var tab = mvc.perform(get("/customers/" + customer.id() + "/sms")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(tab)
                .contains("data-name=\"" + name + "\"")
                .contains("data-body=\"We arrive {{ask:Arrival window}}\"");
    }

    // --- helpers

    private static RequestPostProcessor staff(String who) {
        return user(who).roles("STAFF");
    }

    private List<String> names(String who) throws Exception {
        var answer = call(staff(who), get("/api/v1/quick-replies"), null)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonMapper.shared()
                .readTree(answer)
                .get("quickReplies")
                .valueStream()
                .map(q -> q.get("name").asString())
                .toList();
    }

    private static long id(ResultActions result) throws Exception {
        var json = JsonMapper.shared().readTree(result.andReturn().getResponse().getContentAsString());
        return json.get("id").asLong();
    }

    private ResultActions call(RequestPostProcessor who, MockHttpServletRequestBuilder request, Map<String, ?> body)
            throws Exception {
        request.with(who).contentType(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.content(JsonMapper.shared().writeValueAsString(body));
        }
        return mvc.perform(request);
    }
}
