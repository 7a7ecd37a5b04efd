package com.kontrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.web.Times;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What texting amounted to, tallied from the messages as they are stored (issue 34): texts in and out by kind, their
 * segments and cost, the busy hours; the summary and the Reports page show them, the team to admins and each person
 * their own.
 */
@KontrolTest
@WithTwilioStandIn
class ReportsPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MessageTally tally;

    @Autowired
    Times times;

    @Test
    void textsAreTalliedOnceEachIntoTheSummaryAndThePage() throws Exception {
        var kim = TestStaff.add(mvc, "kim", "Kim", null);
        var customer = customers.add("Tallied Tom " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
        tallyAll();
        var before = summary(Staff.admin());
        var kimsBefore = summary(httpBasic(kim, TestStaff.PASSWORD));

        text(customer, "Is the part in?");
        text(customer, "x".repeat(170)); // two segments, were it sent
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(httpBasic(kim, TestStaff.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"" + "y".repeat(200) + "\"}"))
                .andExpect(status().isAccepted());
        jdbc.sql("update messages set created_at = created_at - interval '10 seconds' where customer_id = :id")
                .param("id", customer.id())
                .update(); // the tally counts texts once they are a few seconds old
        tallyAll();
        tallyAll(); // again: nothing counted twice

        var after = summary(Staff.admin());
        assertThat(after.path("texts").path("in").asLong()
                        - before.path("texts").path("in").asLong())
                .isEqualTo(2);
        assertThat(after.path("texts").path("outByKind").path("typed").asLong()
                        - before.path("texts").path("outByKind").path("typed").asLong())
                .isEqualTo(1);
        assertThat(after.path("texts").path("segments").asLong()
                        - before.path("texts").path("segments").asLong())
                .isEqualTo(2); // 200 characters of GSM-7: two segments
        assertThat(todayIn(after) - todayIn(before)).isEqualTo(2); // day by day: today's texts in
        var busiest = 0L;
        for (var day : after.path("busiestHours")) {
            for (var hour : day) {
                busiest += hour.asLong();
            }
        }
        assertThat(busiest).isEqualTo(after.path("texts").path("in").asLong());
        var kims = summary(httpBasic(kim, TestStaff.PASSWORD));
        assertThat(kims.path("texts").path("outByKind").path("typed").asLong()
                        - kimsBefore
                                .path("texts")
                                .path("outByKind")
                                .path("typed")
                                .asLong())
                .isEqualTo(1);
        assertThat(kims.path("texts").path("in").asLong()).isZero(); // her own typed texts, not the team's

        var page = mvc.perform(
                        get("/reports").param("range", "7").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("How fast we answer")
                .contains("Who answers")
                .contains("When customers text")
                .contains("<svg class=\"heatmap\"")
                .contains("Day by day")
                .contains("<svg class=\"series\"")
                .contains("Estimated cost of segments");
        var own = mvc.perform(get("/reports").with(user(kim).roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(own).contains("(your own)").contains("Your answers").doesNotContain("When customers text");
        mvc.perform(get("/reports")
                        .param("range", "custom")
                        .param("from", "2026-12-05")
                        .param("to", "2026-12-01")
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("is before from")));
    }

    private long todayIn(JsonNode summary) {
        var today = LocalDate.now(times.zone()).toString();
        for (var period : summary.path("byPeriod")) {
            if (period.path("start").asString().equals(today)) {
                return period.path("in").asLong();
            }
        }
        throw new AssertionError("no period for " + today + " in " + summary.path("byPeriod"));
    }

    @Test
    void anAdminSetsTheResponseTargetOnReportsAndABadOneIsRefusedWithItsReason() throws Exception {
        var admin = user("admin").roles("ADMIN");
        try {
            mvc.perform(post("/reports/target")
                            .param("minutes", "30")
                            .param("range", "7")
                            .with(admin)
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern(
                            "/reports?range=7*"));
            assertThat(summary(Staff.admin()).path("targetSeconds").asLong()).isEqualTo(1800);
            mvc.perform(post("/reports/target")
                            .param("minutes", "soon")
                            .with(admin)
                            .with(csrf()))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                            .attribute("targetError", "The target is a number of minutes, like 15."));
            mvc.perform(post("/reports/target")
                            .param("minutes", "0")
                            .with(admin)
                            .with(csrf()))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                            .attribute("targetError", "The target is 1 minute to a week (10080 minutes)."));
            mvc.perform(post("/reports/target")
                            .param("minutes", "5")
                            .with(user("kim").roles("STAFF"))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
            assertThat(summary(Staff.admin()).path("targetSeconds").asLong()).isEqualTo(1800);
        } finally {
            mvc.perform(
                    post("/reports/target").param("minutes", "15").with(admin).with(csrf()));
        }
    }

    @Test
    void aRangeOverAMonthGoesByWeekFromMondayTheFirstWeekCutByTheRange() {
        var range = ReportRange.parse("2026-11-04", "2026-12-20", "business"); // a Wednesday to a Sunday
        assertThat(range.weekly()).isTrue();
        assertThat(ReportRange.period(LocalDate.parse("2026-11-06"), range.from(), true))
                .isEqualTo("2026-11-04");
        assertThat(ReportRange.period(LocalDate.parse("2026-11-12"), range.from(), true))
                .isEqualTo("2026-11-09");
        assertThat(ReportRange.parse("2026-11-01", "2026-11-30", "all").weekly())
                .isFalse();
    }

    private void tallyAll() {
        while (tally.countNext() == MessageTally.BATCH) {
            // a long history from other tests
        }
    }

    private JsonNode summary(org.springframework.test.web.servlet.request.RequestPostProcessor who) throws Exception {
        var today = LocalDate.now(times.zone());
        var json = mvc.perform(get("/api/v1/reports/summary")
                        .param("from", today.minusDays(1).toString())
                        .param("to", today.toString())
                        .with(who))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonMapper.shared().readTree(json);
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }
}
