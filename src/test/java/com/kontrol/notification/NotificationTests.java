package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Approvals;
import com.kontrol.job.JobDesk;
import com.kontrol.job.JobStatus;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.inbound.IncomingText;
import com.kontrol.messaging.inbound.MessageIntake;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** One-way notifications and approval requests, answered by a texted YES or NO or on the portal. */
@KontrolTest
@WithTwilioStandIn
class NotificationTests {

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    NumberConsent consent;

    @Autowired
    JobDesk desk;

    @Autowired
    Jobs jobs;

    @Autowired
    Approvals approvals;

    @Autowired
    Messages messages;

    @Autowired
    MessageIntake intake;

    @Autowired
    NotificationLog log;

    @Autowired
    AuditLog audit;

    @Test
    void aStatusChangeTextsTheCustomerAsANotification() throws Exception {
        var customer = customer("Nora Notified", true);
        var job = desk.open(customer.id(), "Fix the boiler", "dana");
        mvc.perform(patch("/api/v1/jobs/" + job.id())
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"completed\"}"))
                .andExpect(status().isOk());
        var texts = thread(customer);
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0).sentBy()).isEqualTo("notification");
        assertThat(texts.get(0).body())
                .isEqualTo("Hi Nora, job " + job.number() + " is complete. Thank you for choosing Ace Plumbing!");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> twilio
                        .sendsTo(customer.primaryPhone().orElseThrow().e164())
                        .stream()
                        .anyMatch(s -> s.get("Body").equals(texts.get(0).body())));
        assertThat(log.ofJob(job.id()))
                .extracting(NotificationLogEntry::outcome)
                .contains("queued");
        assertThat(audit.ofCustomer(customer.id(), AuditAction.NOTIFICATION_QUEUED, 5))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("admin");
                    assertThat(e.detail()).contains("text " + texts.get(0).id()).doesNotContain("Thank you");
                });
    }

    @Test
    void whatCannotBeSentIsRecordedWithItsReasonAndShownOnTheJob() throws Exception {
        var disabled = customer("Sms Off", false);
        var job = desk.open(disabled.id(), "Quiet job", "dana");
        desk.changeStatus(job.id(), JobStatus.IN_PROGRESS, "dana");
        assertThat(log.ofJob(job.id())).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("skipped");
            assertThat(e.reason()).contains("SMS is disabled");
            assertThat(e.causedBy()).isEqualTo("dana");
        });
        var optedOut = customer("Opted Out Notified", true);
        consent.optOut(optedOut.primaryPhone().orElseThrow().e164(), ConsentSource.STAFF, "phoned the office", "dana");
        var job2 = desk.open(optedOut.id(), "Another", "dana");
        desk.changeStatus(job2.id(), JobStatus.COMPLETED, "dana");
        assertThat(log.ofJob(job2.id())).anySatisfy(e -> assertThat(e.reason()).contains("opted out"));
        var html = mvc.perform(get("/jobs/" + job.id() + "/notifications")
                        .with(user("dana").roles("STAFF")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(html)
                .contains("skipped")
                .contains("SMS is disabled")
                .contains(NotificationKind.STATUS_IN_PROGRESS.label()) // in words,
                .doesNotContain("status_in_progress"); // not its code
        assertThat(thread(disabled)).isEmpty();
    }

    @Test
    void anApprovalRequestIsTextedWithThePortalLinkAndAYesApprovesIt() throws Exception {
        var customer = customer("Yes Sayer", true);
        var job = desk.open(customer.id(), "Roof", "dana");
        var json = mvc.perform(post("/api/v1/jobs/" + job.id() + "/approval-requests")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"summary\":\"Replace 12 shingles\",\"amount\":450}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.jobId").value(job.id()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.AWAITING_APPROVAL);
        assertThat(thread(customer))
                .anyMatch(m -> m.body().contains("Replace 12 shingles ($450.00)")
                        && m.body().contains("/portal/" + job.portalToken())
                        && m.body().contains("Reply YES"));

        text(customer, "Yes");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !approvals.ofJob(job.id()).get(0).isPending());
        var decided = approvals.ofJob(job.id()).get(0);
        assertThat(decided.status()).isEqualTo("approved");
        assertThat(decided.decidedVia()).isEqualTo("sms");
        assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> thread(customer).stream().anyMatch(m -> m.body().startsWith("Thank you! Approved")));
        mvc.perform(get("/api/v1/jobs/" + job.id()).with(Staff.admin()))
                .andExpect(jsonPath("$.approvalRequests[0].status").value("approved"))
                .andExpect(jsonPath("$.approvalRequests[0].decidedVia").value("sms"));
        assertThat(json).contains("\"summary\":\"Replace 12 shingles\"");
    }

    @Test
    void withSeveralOpenRequestsAYesAsksWhichAndANumberedAnswerDecides() {
        var customer = customer("Two Questions", true);
        var job = desk.open(customer.id(), "Kitchen", "dana");
        var first = approvals.request(job.id(), "New tap", null, "dana");
        var second = approvals.request(job.id(), "New sink", new BigDecimal("300"), "dana");

        text(customer, "yes");
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        thread(customer).stream().anyMatch(m -> m.body().startsWith("You have 2 requests waiting")));
        assertThat(approvals.find(first.id()).orElseThrow().isPending()).isTrue();

        text(customer, "2");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !approvals.find(second.id()).orElseThrow().isPending());
        assertThat(approvals.find(second.id()).orElseThrow().status()).isEqualTo("approved");
        text(customer, "NO 1");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !approvals.find(first.id()).orElseThrow().isPending());
        assertThat(approvals.find(first.id()).orElseThrow().status()).isEqualTo("declined");
    }

    @Test
    void anyOtherTextIsAnOrdinaryMessage() {
        var customer = customer("Chatty", true);
        var job = desk.open(customer.id(), "Garden", "dana");
        var request = approvals.request(job.id(), "Trim the hedge", null, "dana");
        text(customer, "Yes but can you come earlier?"); // returns once the text and what it decides are committed
        assertThat(approvals.find(request.id()).orElseThrow().isPending()).isTrue();
    }

    @Test
    void yesFromAnOptedOutCustomerOptsThemBackInAndDecidesNothing() {
        var customer = customer("Back In", true);
        var job = desk.open(customer.id(), "Fence", "dana");
        var request = approvals.request(job.id(), "Paint the fence", null, "dana");
        consent.optOut(customer.primaryPhone().orElseThrow().e164(), ConsentSource.STAFF, "phoned the office", "dana");
        text(customer, "YES"); // returns once the text and what it decides are committed
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isFalse();
        assertThat(approvals.find(request.id()).orElseThrow().isPending()).isTrue();
    }

    @Test
    void theCustomerApprovesOnThePortalAndStaffCanUndoIt() throws Exception {
        var customer = customer("Portal Person", true);
        var job = desk.open(customer.id(), "Porch", "dana");
        var request = approvals.request(job.id(), "Replace two boards", new BigDecimal("80"), "dana");
        var page = mvc.perform(get("/portal/" + job.portalToken()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Replace two boards ($80.00)")
                .contains("Approve")
                .contains("Decline");

        mvc.perform(post("/portal/" + job.portalToken() + "/approvals/" + request.id())
                        .param("decision", "approve")
                        .with(csrf()))
                .andExpect(status().isFound());
        var decided = approvals.find(request.id()).orElseThrow();
        assertThat(decided.status()).isEqualTo("approved");
        assertThat(decided.decidedVia()).isEqualTo("portal");
        mvc.perform(post("/portal/" + job.portalToken() + "/approvals/" + request.id())
                        .param("decision", "decline")
                        .with(csrf()))
                .andExpect(status().isFound());
        assertThat(approvals.find(request.id()).orElseThrow().status()).isEqualTo("approved"); // the first answer wins

        mvc.perform(post("/jobs/" + job.id() + "/approval-requests/" + request.id())
                        .param("decision", "undo")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isFound());
        assertThat(approvals.find(request.id()).orElseThrow().isPending()).isTrue();
        assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.AWAITING_APPROVAL);
        mvc.perform(post("/portal/not-a-token/approvals/" + request.id())
                        .param("decision", "approve")
                        .with(csrf()))
                .andExpect(status().isNotFound());
    }

    @Test
    void aDisabledTemplateIsSkippedWithThatReason() throws Exception {
        mvc.perform(post("/settings/notifications/status_cancelled")
                        .param("body", "Cancelled {{job_number}}")
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(status().isFound());
        var customer = customer("No Cancel Text", true);
        var job = desk.open(customer.id(), "Cancelled job", "dana");
        desk.changeStatus(job.id(), JobStatus.CANCELLED, "dana");
        assertThat(log.ofJob(job.id())).anySatisfy(e -> assertThat(e.reason()).contains("switched off"));
        mvc.perform(post("/settings/notifications/status_cancelled")
                        .param("body", "Bye {{nickname}}")
                        .param("enabled", "true")
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(status().isFound());
        var page = mvc.perform(get("/settings/notifications").with(user("admin").roles("ADMIN")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Cancelled {{job_number}}"); // the invalid one was not saved
        mvc.perform(get("/settings/notifications").with(user("dana").roles("STAFF")))
                .andExpect(status().isForbidden());
    }

    private List<Message> thread(Customer c) {
        return messages.thread(c.id(), Long.MAX_VALUE, 50);
    }

    private void text(Customer c, String body) {
        intake.receive(new IncomingText(
                "SM" + UUID.randomUUID().toString().replace("-", ""),
                c.primaryPhone().orElseThrow().e164(),
                TwilioStandIn.NUMBER,
                body,
                List.of(),
                null));
    }

    private Customer customer(String name, boolean smsEnabled) {
        return customers.add(name, List.of(TestCustomers.newPhone()), smsEnabled);
    }
}
