package com.kontrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestHours;
import com.kontrol.TestStaff;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.web.Times;
import java.time.LocalDate;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Response times as the team answers (issue 34): each reply that ends a customer's wait is kept with how long they
 * waited, on the clock and in business hours, as a first response (the customer started anew) or a next one (they
 * followed up in an open conversation); the summary gives median, p90 and the share within the target, per person
 * too, and admins see the team while staff see their own.
 */
@KontrolTest
@WithTwilioStandIn
class ResponseTimesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Times times;

    @Autowired
    ResponseDays responseDays;

    @AfterEach
    void usualHours() throws Exception {
        hours(TestHours.USUAL);
    }

    @Test
    void aReplyEndingAWaitIsKeptFirstThenNextAndAClosedConversationOwesAFirstAgain() throws Exception {
        hours(TestHours.ALL_WEEK);
        var rex = TestStaff.add(mvc, "rex", "Rex", null);
        var customer = customers.add("Timed Tina " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);

        text(customer, "Can you look at my boiler?");
        waitedMinutes(customer, 20);
        reply(rex, customer, "Yes, tomorrow at 9.");
        text(customer, "Great, and the radiator too?");
        waitedMinutes(customer, 4);
        reply(rex, customer, "Sure.");
        mvc.perform(post("/api/v1/conversations/" + customer.id() + "/close")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isOk());
        text(customer, "Hello again, new problem: the tap");
        waitedMinutes(customer, 2);
        reply(rex, customer, "On it.");

        assertThat(kept(customer)).containsExactly("first 1200", "next 240", "first 120");
        var today = LocalDate.now(times.zone()).toString();
        mvc.perform(get("/api/v1/reports/summary")
                        .param("from", today)
                        .param("to", today)
                        .param("hours", "all")
                        .with(httpBasic(rex, TestStaff.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.firstResponse.count").value(2))
                .andExpect(jsonPath("$.firstResponse.medianSeconds").value(120))
                .andExpect(jsonPath("$.firstResponse.p90Seconds").value(1200))
                .andExpect(jsonPath("$.firstResponse.withinTargetShare").value(0.5)) // 15 minutes
                .andExpect(jsonPath("$.nextResponse.count").value(1))
                .andExpect(jsonPath("$.byPerson.length()").value(1)) // staff see their own answers only
                .andExpect(jsonPath("$.byPerson[0].username").value(rex))
                .andExpect(jsonPath("$.byPerson[0].replies").value(3));
        mvc.perform(get("/api/v1/reports/waits")
                        .param("from", today)
                        .param("to", today)
                        .param("hours", "all")
                        .param("limit", "1")
                        .with(httpBasic(rex, TestStaff.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.waits.length()").value(1))
                .andExpect(jsonPath("$.waits[0].customerId").value(customer.id()))
                .andExpect(jsonPath("$.waits[0].waitedSeconds").value(1200));
    }

    @Test
    void theLongestWaitsAndWhoAnsweredDownloadAsCsvThatASpreadsheetWillNotRun() throws Exception {
        hours(TestHours.ALL_WEEK);
        var eve = TestStaff.add(mvc, "eve", "Eve", null);
        var customer = customers.add(
                "=HYPERLINK(\"http://evil\") " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
        text(customer, "Hi");
        waitedMinutes(customer, 7);
        reply(eve, customer, "Hello!");
        var today = LocalDate.now(times.zone()).toString();

        var waits = mvc.perform(
                        get("/reports/waits.csv")
                                .param("from", today)
                                .param("to", today)
                                .param("hours", "all")
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.user(eve)
                                        .roles("STAFF")))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                        .string("Content-Disposition", Matchers.containsString("kontrol-waits-" + today)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(waits.lines().toList()).first().isEqualTo("customer_id,customer,waited_seconds,text_at");
        assertThat(waits).contains(customer.id() + ",\"'=HYPERLINK(\"\"http://evil\"\")");
        var people = mvc.perform(
                        get("/reports/people.csv")
                                .param("from", today)
                                .param("to", today)
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.user(eve)
                                        .roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(people.lines().toList())
                .containsExactly(
                        "username,waits_answered,first_responses,median_first_response_seconds", eve + ",1,1,420");
        mvc.perform(
                        get("/reports/secrets.csv")
                                .param("from", today)
                                .param("to", today)
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.user(eve)
                                        .roles("STAFF")))
                .andExpect(status().isNotFound());
    }

    @Test
    void onlyOpeningHoursCountUnlessAllHoursAreAskedFor() throws Exception {
        hours(TestHours.CLOSED); // closed all week: a wait is no business time at all
        var ada = TestStaff.add(mvc, "ada", "Ada", null);
        var customer = customers.add("Night Nora " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
        text(customer, "Are you there?");
        waitedMinutes(customer, 30);
        reply(ada, customer, "Yes, first thing tomorrow.");

        assertThat(jdbc.sql(
                                "select wall_seconds || ' ' || business_seconds from report_responses where customer_id = :id")
                        .param("id", customer.id())
                        .query(String.class)
                        .single())
                .isEqualTo("1800 0");
    }

    @Test
    void theAnswersDaysKeptWithEachAnswerEqualACountAgainFromTheAnswers() throws Exception {
        hours(TestHours.ALL_WEEK);
        var daisy = TestStaff.add(mvc, "daisy", "Daisy", null);
        var customer = customers.add("Counted Carla " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
        for (int minutes : new int[] {7, 3, 12}) {
            text(customer, "Still there?");
            waitedMinutes(customer, minutes);
            reply(daisy, customer, "Yes.");
        }
        var kept = days(daisy);
        assertThat(kept).hasSize(2); // today's first and next
        assertThat(kept.values().stream().mapToInt(w -> w.split(",").length).sum())
                .isEqualTo(3);

        responseDays.rebuild();

        assertThat(days(daisy)).isEqualTo(kept);
    }

    /** The person's days as kept: "day kind" to its waits on the clock, sorted. */
    private java.util.Map<String, String> days(String username) {
        var out = new java.util.TreeMap<String, String>();
        jdbc.sql("select day, kind, array_to_string(array(select unnest(wall_seconds) order by 1), ',')"
                        + " from report_response_days where username = :u")
                .param("u", username)
                .query(rs -> {
                    out.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
                });
        return out;
    }

    @Test
    void aRangeThatCannotBeReadIsRefusedWithWhy() throws Exception {
        bad("2026-11-30", "2026-11-01", "business", "is before");
        bad("yesterday", "2026-11-01", "business", "days like");
        bad("2025-01-01", "2026-11-30", "business", "at most 400 days");
        bad("2026-11-01", "2026-11-30", "sometimes", "business or all");
    }

    private void bad(String from, String to, String hours, String why) throws Exception {
        mvc.perform(get("/api/v1/reports/summary")
                        .param("from", from)
                        .param("to", to)
                        .param("hours", hours)
                        .with(Staff.admin()))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value(Matchers.containsString(why)));
    }

    /** As if the customer's wait began {@code minutes} ago: the clock of the database moved, not the test's. */
    private void waitedMinutes(Customer customer, int minutes) {
        jdbc.sql("update conversations set waiting_since = now() - make_interval(mins => :m) where customer_id = :id")
                .param("m", minutes)
                .param("id", customer.id())
                .update();
    }

    private List<String> kept(Customer customer) {
        return jdbc.sql("select kind || ' ' || round(wall_seconds / 10.0) * 10 from report_responses"
                        + " where customer_id = :id order by id")
                .param("id", customer.id())
                .query(String.class)
                .list();
    }

    private void reply(String who, Customer customer, String body) throws Exception {
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(httpBasic(who, TestStaff.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"" + body + "\"}"))
                .andExpect(status().isAccepted());
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }

    private void hours(String body) throws Exception {
        mvc.perform(put("/api/v1/settings/business-hours")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk());
    }
}
