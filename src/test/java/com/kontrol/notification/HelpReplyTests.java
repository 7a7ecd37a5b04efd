package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * HELP (and INFO) gets Settings › Notifications' help reply when Twilio's Advanced Opt-Out has not answered it, once in
 * ten minutes per number, and never to someone who opted out.
 */
@KontrolTest
@WithTwilioStandIn
class HelpReplyTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    NotificationTemplates templates;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTextedHelpGetsTheBusinessHelpTextOnceInTenMinutes() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Helpless Hal", List.of(phone), true);

        text(phone.e164(), "help", null);
        text(phone.e164(), "INFO", null); // a second ask, a minute later: already answered

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(phone.e164()).isEmpty());
        var sent = twilio.sendsTo(phone.e164()).get(0);
        assertThat(sent.get("Body"))
                .as("the default help reply, the company's name filled in")
                .doesNotContain("{{")
                .endsWith(templates.of(NotificationKind.HELP_REPLY).body().substring("{{company_name}}".length()));
        assertThat(helpReplies(customer.id())).hasSize(1);
    }

    @Test
    void aHelpFromACustomersSecondNumberIsAnsweredThereOnce() throws Exception {
        var primary = TestCustomers.newPhone();
        var second = TestCustomers.newPhone();
        var customer = customers.add("Two Phone Tia", List.of(primary, second), true);

        text(second.e164(), "HELP", null);
        text(second.e164(), "HELP", null);
        text(second.e164(), "INFO", null);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(second.e164()).isEmpty());
        assertThat(helpReplies(customer.id()))
                .singleElement()
                .satisfies(m -> assertThat(m.to()).isEqualTo(second.e164()));
        assertThat(twilio.sendsTo(primary.e164())).isEmpty();
    }

    @Test
    void aHelpTwilioAnsweredItselfGetsNoSecondAnswer() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Advanced Ada", List.of(phone), true);

        text(phone.e164(), "HELP", "HELP"); // OptOutType: Twilio's Advanced Opt-Out replied already
        assertThat(helpReplies(customer.id())).isEmpty();
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 10)).hasSize(1);
    }

    @Test
    void anOptedOutNumberGetsNoHelpReply() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Stopped Stu", List.of(phone), true);
        text(phone.e164(), "STOP", null);

        text(phone.e164(), "HELP", null);
        assertThat(helpReplies(customer.id())).isEmpty();
    }

    @Test
    void aNumberKontrolDoesNotKnowGetsTheHelpReplyToo() throws Exception {
        var stranger = TestCustomers.newPhone().e164();
        text(stranger, "Help!", null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(stranger).isEmpty());
        assertThat(twilio.sendsTo(stranger)).hasSize(1);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aHelpFromAShortCodeGetsNoReplyAndNothingFails(CapturedOutput output) throws Exception {
        text("22395", "HELP", null);
        assertThat(output.getAll())
                .contains("No help reply to 22395: Kontrol can only reply to phone numbers")
                .doesNotContain("failed after it was stored");
        assertThat(jdbc.sql("select count(*) from messages where to_address = '22395'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private List<Message> helpReplies(long customerId) {
        return messages.thread(customerId, Long.MAX_VALUE, 50).stream()
                .filter(m -> Sender.Automatic.HELP.code().equals(m.sentBy()))
                .toList();
    }

    private void text(String from, String body, String optOutType) throws Exception {
        Map<String, String> params = Webhooks.text(Webhooks.newSid(), from, body);
        if (optOutType != null) {
            params.put("OptOutType", optOutType);
        }
        new Webhooks(mvc).inbound(params).andExpect(status().isOk());
    }
}
