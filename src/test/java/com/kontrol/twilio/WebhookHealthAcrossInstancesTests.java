package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.SecondInstance;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * "Running in production": behind a load balancer the self-test's sample and a refused call may reach another instance
 * than the one whose settings page asks; every instance still tells what happened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
@TestPropertySource(properties = "kontrol.public-url=")
class WebhookHealthAcrossInstancesTests {

    @Autowired
    TwilioAccounts accounts;

    @Autowired
    SelfTest selfTest;

    @Autowired
    WebhookRejections rejections;

    @Autowired
    Environment environment;

    @Test
    void theSelfTestAndTheLatestRefusalAreSeenByAnInstanceTheCallsDidNotReach() {
        try (var second = SecondInstance.start(environment)) {
            // The public URL (where the balancer would be) reaches the second instance only.
            var publicUrl = "http://localhost" + ":" + second.getEnvironment().getProperty("local.server.port");
            var webhook = publicUrl + WebhookPaths.INBOUND;
            accounts.save(TwilioStandIn.SID, TwilioStandIn.TOKEN, TwilioStandIn.NUMBER, publicUrl, "admin");
            // (the second instance reads the saved account within a few seconds)
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> selfTest.run(webhook, TwilioStandIn.TOKEN, "+15005550009", TwilioStandIn.NUMBER)
                            .ok());

            var refused =
                    selfTest.run(webhook, "ffffffffffffffffffffffffffffffff", "+15005550009", TwilioStandIn.NUMBER);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.detail()).contains("403").contains("checked the signature against " + webhook);
            assertThat(rejections.last()).hasValueSatisfying(r -> {
                assertThat(r.checkedUrl()).isEqualTo(webhook);
                assertThat(r.reason()).isEqualTo(WebhookRejections.Reason.BAD_SIGNATURE);
            });
        }
    }
}
