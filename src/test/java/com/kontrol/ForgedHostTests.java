package com.kontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.kontrol.customer.Customers;
import com.kontrol.job.Approvals;
import com.kontrol.job.JobDesk;
import com.kontrol.job.JobStatus;
import com.kontrol.messaging.inbound.IncomingText;
import com.kontrol.messaging.inbound.MessageIntake;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Kontrol running with a Twilio account but no public URL yet, as small businesses run it: a forged
 * {@code X-Forwarded-Host} on any request (the portal, the login page, a webhook) never reaches a text or a status
 * callback, not even of the texts that background work sends later.
 */
@KontrolTest
@WithTwilioStandIn
@TestPropertySource(properties = "kontrol.public-url=")
class ForgedHostTests {

    static final String EVIL = "evil.example";

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk jobs;

    @Autowired
    MessageIntake intake;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Approvals approvals;

    @Autowired
    TwilioStandIn twilio;

    @Test
    void aForgedHostOnAnyRequestReachesNoTextNorStatusCallback() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Forged Host", List.of(phone), true);
        var job = jobs.open(customer.id(), "Leaking tap", "dana");
        var first = approvals.request(job.id(), "Replace the washer", null, "dana");
        var second = approvals.request(job.id(), "Replace the tap", null, "dana");

        new Webhooks(mvc).inbound(Webhooks.text(Webhooks.newSid(), phone.e164(), "hello?"));
        for (var path : List.of("/portal/" + job.portalToken(), "/login", Webhooks.STATUS, Webhooks.INBOUND)) {
            mvc.perform(get(path).header("X-Forwarded-Host", EVIL).header("X-Forwarded-Proto", "https"));
        }
        // The customer answers on the portal (no login), through a forged host: the confirmation texts.
        mvc.perform(post("/portal/" + job.portalToken() + "/approvals/" + first.id())
                .param("decision", "approve")
                .with(csrf())
                .header("X-Forwarded-Host", EVIL)
                .header("X-Forwarded-Proto", "https"));

        // Background work that texts: a status notification, and a texted YES to an approval request.
        jobs.changeStatus(job.id(), JobStatus.COMPLETED, "dana");
        intake.receive(new IncomingText(Webhooks.newSid(), phone.e164(), TwilioStandIn.NUMBER, "YES", List.of(), null));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(phone.e164()).isEmpty());

        assertThat(twilio.sendsTo(phone.e164()))
                .allSatisfy(send -> assertThat(send.toString()).doesNotContain(EVIL))
                .allSatisfy(send -> assertThat(send).doesNotContainKey("StatusCallback"));
        assertThat(jdbc.sql("select count(*) from messages where body like :evil or status_callback like :evil")
                        .param("evil", "%" + EVIL + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
