package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioSigner;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.Messages;
import com.kontrol.twilio.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * With no Twilio account set up, only the sandbox, which lives in this process, can sign a webhook: a call signed with
 * any other token (a real account's, say) is refused and stores nothing.
 */
@KontrolTest
class SandboxWebhookTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Messages messages;

    @Autowired
    Sandbox sandbox;

    @Autowired
    BusinessNumbers businessNumbers;

    @Test
    void withoutATwilioAccountAWebhookSignedWithAnotherTokenGets403() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, TestCustomers.newPhone().e164(), "hello");
        new Webhooks(mvc).inbound(params).andExpect(status().isForbidden()); // signed with TwilioStandIn.TOKEN
        new Webhooks(mvc).status(Webhooks.status(sid, "delivered")).andExpect(status().isForbidden());
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void withoutATwilioAccountAWebhookSignedWithTheSandboxTokenIsStored() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, TestCustomers.newPhone().e164(), "hello");
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params)
                        .header(
                                "X-Twilio-Signature",
                                TwilioSigner.sign(sandbox.token(), Webhooks.BASE + Webhooks.INBOUND, params)))
                .andExpect(status().isOk());
        assertThat(messages.findBySid(sid)).isPresent();
        assertThat(TwilioStandIn.TOKEN).isNotEqualTo(sandbox.token());
    }

    @Test
    void aTextToTheSandboxNumberDoesNotMakeItABusinessNumber() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, TestCustomers.newPhone().e164(), "hello sandbox");
        params.put("To", "+14155550123"); // wherever the sandbox says it was sent to
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params)
                        .header(
                                "X-Twilio-Signature",
                                TwilioSigner.sign(sandbox.token(), Webhooks.BASE + Webhooks.INBOUND, params)))
                .andExpect(status().isOk());
        assertThat(messages.findBySid(sid)).isPresent();
        assertThat(businessNumbers.isKnown("+14155550123"))
                .as("once Twilio is connected, replies must not go from a sandbox number")
                .isFalse();
    }
}
