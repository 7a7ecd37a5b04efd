package com.kontrol.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Settings › Calls: an admin sets which numbers ring and what a missed caller gets; a mistake saves nothing. */
@KontrolTest
class CallSettingsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    CallSettingsStore store;

    @AfterEach
    void noForwarding() {
        var s = store.load();
        store.save(
                new CallSettings(List.of(), false, 20, "", true, s.voicemailGreeting(), true, true, s.textBackBody()),
                "test");
    }

    @Test
    void anAdminSavesTheNumbersAsTypedInAnyCommonFormAndTheWords() throws Exception {
        mvc.perform(form(post("/settings/calls"))
                        .param("forwardTo", "(415) 555-0131\n+1 415 555 0132")
                        .param("ringInOrder", "true")
                        .param("ringSeconds", "15")
                        .param("greeting", "Thanks for calling Ace Plumbing.")
                        .param("voicemail", "true")
                        .param("voicemailGreeting", "Leave a message after the tone.")
                        .param("transcribe", "false")
                        .param("textBack", "true")
                        .param("textBackBody", "Sorry we missed you - {{company_name}} will text you back."))
                .andExpect(status().isFound());

        var s = store.load();
        assertThat(s.forwardTo()).containsExactly("+14155550131", "+14155550132");
        assertThat(s.ringInOrder()).isTrue();
        assertThat(s.ringSeconds()).isEqualTo(15);
        assertThat(s.greeting()).isEqualTo("Thanks for calling Ace Plumbing.");
        assertThat(s.transcribe()).isFalse();
        assertThat(page()).contains("(415) 555-0131").contains("Thanks for calling Ace Plumbing.");
    }

    @Test
    void aBadNumberATimeOutOfRangeOrACustomersShortcodeIsRefusedBesideWhatWasTypedAndNothingIsSaved() throws Exception {
        var before = store.load();
        var page = mvc.perform(form(post("/settings/calls"))
                        .param("forwardTo", "555-01")
                        .param("ringSeconds", "200")
                        .param("voicemail", "true")
                        .param("voicemailGreeting", "Leave a message.")
                        .param("textBack", "true")
                        .param("textBackBody", "Hi {{first_name}}, sorry we missed you"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("Nothing was saved")
                .contains("555-01")
                .contains("Ring for 5 to 60 seconds.")
                .contains("Hi {{first_name}}, sorry we missed you")
                .contains("id=\"textBackBody-error\"");
        assertThat(store.load()).isEqualTo(before);
    }

    @Test
    void theApiReadsAndChangesThemAndNamesAMistakeWith422() throws Exception {
        mvc.perform(put("/api/v1/settings/calls")
                        .with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"forwardTo": ["(415) 555-0141"], "ringSeconds": 25, "ringInOrder": true,
                                 "voicemail": {"enabled": true, "greeting": "Leave a message."},
                                 "textBack": {"enabled": false, "body": "Sorry we missed you"}}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.forwardTo[0]").value("+14155550141"))
                .andExpect(jsonPath("$.ringSeconds").value(25))
                .andExpect(jsonPath("$.textBack.enabled").value(false));
        mvc.perform(get("/api/v1/settings/calls").with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ringInOrder").value(true))
                .andExpect(jsonPath("$.voicemail.greeting").value("Leave a message."));

        mvc.perform(put("/api/v1/settings/calls")
                        .with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"forwardTo\": [\"555-01\"]}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("555-01")));
        assertThat(store.load().forwardTo()).containsExactly("+14155550141"); // unchanged
        mvc.perform(get("/api/v1/settings/calls").with(user("dana").roles("STAFF")))
                .andExpect(status().isForbidden());
    }

    @Test
    void onlyAdminsSeeOrChangeThem() throws Exception {
        mvc.perform(get("/settings/calls").with(user("dana").roles("STAFF"))).andExpect(status().isForbidden());
        mvc.perform(post("/settings/calls")
                        .param("forwardTo", "+14155550133")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
    }

    private String page() throws Exception {
        return mvc.perform(get("/settings/calls").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static MockHttpServletRequestBuilder form(MockHttpServletRequestBuilder request) {
        return request.with(user("admin").roles("ADMIN")).with(csrf());
    }
}
