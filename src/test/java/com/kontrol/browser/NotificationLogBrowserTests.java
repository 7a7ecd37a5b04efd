package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.job.JobStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A job's page shows each notification's text moving on (queued, sent, delivered) while it is open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class NotificationLogBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk jobs;

    @Autowired
    Messages messages;

    @Test
    void theNotificationLogMovesPastQueuedToDeliveredWithoutAReload() throws Exception {
        var customer = customers.add("Logged Lena", List.of(TestCustomers.newPhone()), true);
        var job = jobs.open(customer.id(), "Water heater swap", "admin");
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/jobs/" + job.id());
            browser.find("body[data-live=open]");
            browser.waitForText("#notification-log", "No notifications yet.");

            jobs.changeStatus(job.id(), JobStatus.IN_PROGRESS, "admin"); // "Job in progress" is texted
            browser.waitForText("#notification-log", "Job in progress");
            var sid = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> messages.thread(customer.id(), Long.MAX_VALUE, 5).stream()
                                    .filter(m -> job.id() == (m.jobId() == null ? -1 : m.jobId()))
                                    .map(Message::sid)
                                    .filter(s -> s != null)
                                    .findFirst()
                                    .orElse(null),
                            s -> s != null); // at Twilio (the stand-in)
            assertThat(Webhooks.overHttp(port, Webhooks.STATUS, Webhooks.status(sid, "delivered")))
                    .isEqualTo(200);

            browser.waitForText("#notification-log .status", "delivered");
            assertThat(browser.console()).isEmpty();
        }
    }
}
