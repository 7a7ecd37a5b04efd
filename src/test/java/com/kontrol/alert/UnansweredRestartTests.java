package com.kontrol.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.MailStandIn;
import com.kontrol.SecondInstance;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestHours;
import com.kontrol.Webhooks;
import com.kontrol.WithMailStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The unanswered-text deadline lives in the database, not in a timer: a text taken before a restart, whose deadline
 * passed while Kontrol was down, is escalated by the freshly started server, once, even with another instance looking
 * at the same moment.
 */
@KontrolTest
@WithTwilioStandIn
@WithMailStandIn
class UnansweredRestartTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MailStandIn mail;

    @Autowired
    Customers customers;

    @Autowired
    UnansweredAlerts unanswered;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @AfterEach
    void usualHoursAgain() throws Exception {
        hours(TestHours.USUAL);
    }

    @Test
    void aTextWhoseDeadlinePassedWhileKontrolWasDownIsEscalatedOnceAfterTheRestart() throws Exception {
        hours(TestHours.ALL_WEEK);
        var admin = "rita-" + System.nanoTime();
        var email = admin + "@ace-plumbing.test";
        mvc.perform(post("/api/v1/users")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + admin + "\",\"name\":\"Rita\",\"password\":\"copper pipe wrench"
                                + " 42\",\"role\":\"admin\",\"email\":\"" + email + "\"}"))
                .andExpect(status().isCreated());
        var customer = customers.add("Restarted Rosa " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), "is anyone coming today?"))
                .andExpect(status().isOk());
        // Kontrol stops, and 11 minutes pass before it is back: as the database holds the text then.
        jdbc.sql("update conversations set waiting_since = waiting_since - interval '11 minutes'"
                        + " where customer_id = :id")
                .param("id", customer.id())
                .update();
        jdbc.sql("update messages set created_at = created_at - interval '11 minutes' where customer_id = :id")
                .param("id", customer.id())
                .update();

        try (var restarted = SecondInstance.start(
                environment,
                "spring.mail.host=127.0.0.1",
                "spring.mail.port=" + mail.port(),
                "kontrol.alerts.check-millis=200")) {
            // The other instance looks too, as often as it can, while the restarted one starts and looks.
            await().during(Duration.ofSeconds(8))
                    .atMost(Duration.ofSeconds(12))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        unanswered.raiseDue(Instant.now());
                        return true;
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> about(email, customer.name()) == 1);
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(6))
                    .untilAsserted(
                            () -> assertThat(about(email, customer.name())).isEqualTo(1));
        }
        var body = MailStandIn.text(mail.to(email).stream()
                .filter(m -> subject(m).contains(customer.name()))
                .findFirst()
                .orElseThrow());
        assertThat(body).contains("is anyone coming today?").contains("has waited 11 min");
    }

    private long about(String email, String name) {
        return mail.to(email).stream().filter(m -> subject(m).contains(name)).count();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void hours(String body) throws Exception {
        mvc.perform(put("/api/v1/settings/business-hours")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk());
    }
}
