package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import com.kontrol.job.Approvals;
import com.kontrol.job.JobDesk;
import com.kontrol.job.JobStatus;
import com.kontrol.job.Jobs;
import com.kontrol.phone.PhoneNumber;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The customer approves on the portal; staff change a job's status and see the notification in the thread. */
@OnARealPort
class PortalBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Jobs jobs;

    @Autowired
    Approvals approvals;

    @Test
    void theCustomerApprovesOnThePortalWithoutLoggingIn() {
        var customer = customers.add("Portal Pat", List.of(PhoneNumber.ofE164("+19165559002")), true);
        var job = desk.open(customer.id(), "Deck repair", "dana");
        var request = approvals.request(job.id(), "Replace three boards", new BigDecimal("120"), "dana");
        try (var browser = Browser.open(port)) {
            browser.go("/portal/" + job.portalToken());
            browser.waitForText("h1", "Job " + job.number());
            browser.waitForText("#request-" + request.id(), "Replace three boards ($120.00)");
            browser.click("#request-" + request.id() + " button[value=approve]");
            browser.waitForText(".notice", "approved");
            browser.waitForText("#request-" + request.id(), "Approved on");
        }
        assertThat(approvals.find(request.id()).orElseThrow().decidedVia()).isEqualTo("portal");
        assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void aStatusChangeOnTheJobPageShowsUpInTheThread() {
        var customer = customers.add("Thread Theo", List.of(PhoneNumber.ofE164("+19165559003")), true);
        var job = desk.open(customer.id(), "Gutter clean", "dana");
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/jobs/" + job.id());
            browser.find("#status option[value=completed]").click();
            browser.click("form[action$='/status'] button");
            browser.waitForText(".notice", "completed");
            // The text it queued is listed, whatever its status by now: the sandbox may have sent it and reported its
            // delivery before the page was drawn.
            browser.waitForText("main", "Job completed");
            browser.go("/customers/" + customer.id() + "/sms");
            browser.waitForText("#thread", "job " + job.number() + " is complete");
            browser.waitForText("#thread .sender", "Notification");
            browser.waitForText("#thread .status", "delivered"); // the sandbox reports delivery through the webhook
        }
    }
}
