package com.kontrol.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.WithTwilioStandIn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** With no mail host configured, the alert settings say that no e-mail goes, and nothing is queued to send. */
@KontrolTest
@WithTwilioStandIn
class AlertsWithoutMailTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MailQueue queue;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theAlertsPageSaysEmailIsOffAndKeepsTheEmailChoicesItCannotShow() throws Exception {
        var me = "nomail-" + System.nanoTime();
        var html = mvc.perform(get("/profile/alerts").with(user(me).roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(html)
                .contains("E-mail is off on this server: no mail host is")
                .containsPattern("name=\"emailUnanswered\"[^>]* checked=\"checked\"")
                .containsPattern("name=\"emailUnanswered\"[^>]* disabled=\"disabled\"");

        // Saving the browser choice leaves the e-mail one as it was (the disabled box was not sent).
        mvc.perform(post("/profile/alerts")
                        .with(user(me).roles("STAFF"))
                        .with(csrf())
                        .param("browser", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("select email_unanswered from alert_preferences where username = :me")
                        .param("me", me)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(queue.queue(new MailQueue.Mail("nomail:" + me, "x@example.com", "s", "t", "h", null, null)))
                .isFalse();
    }
}
