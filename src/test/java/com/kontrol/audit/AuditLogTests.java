package com.kontrol.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/**
 * Settings › Audit log: a text sent, an inbox assignment and a settings change each show with the person who did it,
 * filtered, paged and exported; the API gives the same.
 */
@KontrolTest
@WithTwilioStandIn
class AuditLogTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    AuditLog audit;

    @Test
    void aSendAnAssignmentAndASettingsChangeShowWithWhoDidThem() throws Exception {
        var customer = customers.add("Audited Customer", List.of(TestCustomers.newPhone()), true);
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"Your quote is ready\"}"))
                .andExpect(status().isAccepted());
        var stranger = TestCustomers.newPhone().e164();
        new Webhooks(mvc)
                .inbound(Webhooks.text(Webhooks.newSid(), stranger, "is this the plumber?"))
                .andExpect(status().isOk());
        mvc.perform(post("/communication/messages/" + stranger + "/assign")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("customerId", String.valueOf(customer.id())))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/settings/notifications/status_completed")
                        .with(user("robin").roles("ADMIN"))
                        .with(csrf())
                        .param("body", "Job {{job_number}} is done. Thanks!")
                        .param("enabled", "true"))
                .andExpect(status().is3xxRedirection());

        var page = mvc.perform(get("/settings/audit").with(user("robin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("message.sent").contains("inbox.assigned").contains("settings.changed");
        assertThat(audit.ofCustomer(customer.id(), AuditAction.INBOX_ASSIGNED, 5))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("dana");
                    assertThat(e.detail()).contains(stranger).contains("Audited Customer");
                });
        assertThat(audit.ofCustomer(customer.id(), AuditAction.MESSAGE_SENT, 5))
                .singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("admin"));

        mvc.perform(get("/api/v1/audit")
                        .param("actor", "robin")
                        .param("action", "settings.changed")
                        .with(Staff.admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.events[0].actor").value("robin"))
                .andExpect(jsonPath("$.events[0].detail").value(Matchers.containsString("status_completed")));
    }

    @Test
    void pagesGoBackInTimeWithoutRepeatsAndTheExportHoldsTheFilteredRange() throws Exception {
        var actor = "pager-" + System.nanoTime();
        for (int i = 0; i < 7; i++) {
            audit.record(actor, AuditAction.SETTINGS_CHANGED, null, "=change " + i);
        }
        var first = mvc.perform(get("/api/v1/audit")
                        .param("actor", actor)
                        .param("limit", "4")
                        .with(Staff.admin()))
                .andExpect(jsonPath("$.events.length()").value(4))
                .andExpect(jsonPath("$.events[0].detail").value("=change 6"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var after = first.replaceAll(".*\"after\":(\\d+).*", "$1");
        mvc.perform(get("/api/v1/audit")
                        .param("actor", actor)
                        .param("limit", "4")
                        .param("after", after)
                        .with(Staff.admin()))
                .andExpect(jsonPath("$.events.length()").value(3))
                .andExpect(jsonPath("$.events[0].detail").value("=change 2"))
                .andExpect(jsonPath("$.after").doesNotExist());

        var csv = mvc.perform(get("/settings/audit.csv")
                        .param("actor", actor)
                        .with(user("robin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv.split("\r\n")).hasSize(8); // the header and all seven
        assertThat(csv).contains("\"'=change 0\""); // a spreadsheet never runs it as a formula
    }

    @Test
    void aBadFilterIsAClearErrorAndOnlyAdminsReadTheLog() throws Exception {
        mvc.perform(get("/api/v1/audit").param("action", "message.eaten").with(Staff.admin()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value("\"message.eaten\" is not an audit action."));
        mvc.perform(get("/api/v1/audit").param("from", "yesterday").with(Staff.admin()))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(get("/settings/audit")
                        .param("from", "2026-13-01")
                        .with(user("robin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(MockMvcResultMatchers.content().string(Matchers.containsString("is not a date")));
        mvc.perform(get("/settings/audit").with(Staff.dana())).andExpect(status().isForbidden());
    }
}
