package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.Webhooks;
import com.kontrol.messaging.Messages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** With no Twilio account set up, nobody can be Twilio: every webhook call is refused. */
@SpringBootTest(properties = "spring.application.name=no-twilio")
@AutoConfigureMockMvc
class WebhookNotConfiguredTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Messages messages;

    @Test
    void withoutATwilioAccountEveryWebhookGets403() throws Exception {
        var sid = Webhooks.newSid();
        new Webhooks(mvc).inbound(Webhooks.text(sid, "+14155550119", "hello")).andExpect(status().isForbidden());
        new Webhooks(mvc).status(Webhooks.status(sid, "delivered")).andExpect(status().isForbidden());
        assertThat(messages.findBySid(sid)).isEmpty();
    }
}
