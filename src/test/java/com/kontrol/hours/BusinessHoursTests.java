package com.kontrol.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.conversation.Conversations;
import com.kontrol.web.Times;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Business hours and the after-hours reply: one reply for a burst of texts while the office is closed, none to STOP,
 * HELP or a YES that opts back in, none while it is open; the reply leaves the conversation waiting for a person.
 */
@KontrolTest
@WithTwilioStandIn
class BusinessHoursTests {

    static final String REPLY = "We are closed now and will text you when we open.";

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    BusinessHours hours;

    @Autowired
    Conversations conversations;

    @Autowired
    Times times;

    @AfterEach
    void usualHoursAgain() throws Exception {
        save(
                        week("08:00-17:00", "08:00-17:00", "08:00-17:00", "08:00-17:00", "08:00-17:00", null, null),
                        false,
                        List.of())
                .andExpect(status().isOk());
    }

    @Test
    void theHoursAreSavedReadAndRefusedWhenTheyCannotBe() throws Exception {
        save(
                        week(
                                "07:30-16:00",
                                "07:30-16:00",
                                "07:30-16:00",
                                "07:30-16:00",
                                "07:30-12:00",
                                null,
                                "00:00-24:00"),
                        true,
                        List.of(Map.of("date", "2026-12-25", "name", "Christmas")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.week.fri").value("07:30-12:00"))
                .andExpect(jsonPath("$.week.sat").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.week.sun").value("00:00-24:00"))
                .andExpect(jsonPath("$.closedDays[0].name").value("Christmas"))
                .andExpect(jsonPath("$.afterHoursReply.enabled").value(true));
        mvc.perform(get("/api/v1/settings/business-hours").with(Staff.admin()))
                .andExpect(jsonPath("$.week.mon").value("07:30-16:00"));
        save(week("17:00-08:00", null, null, null, null, null, null), false, List.of())
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("must close after it opens")));
        save(week("25:00-26:00", null, null, null, null, null, null), false, List.of())
                .andExpect(status().isUnprocessableContent());
        save(week("9-5", null, null, null, null, null, null), false, List.of())
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("08:00-17:00")));
        mvc.perform(get("/api/v1/settings/business-hours").with(user("dana").roles("STAFF")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/settings/business-hours").with(user("robin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(MockMvcResultMatchers.content().string(Matchers.containsString("2026-12-25 Christmas")));
    }

    @Test
    void openAndClosedPeriodsFollowTheWeekAndTheClosedDays() throws Exception {
        save(
                        week("08:00-17:00", "08:00-17:00", "08:00-17:00", "08:00-17:00", "08:00-17:00", null, null),
                        true,
                        List.of(Map.of("date", "2026-12-25", "name", "Christmas")))
                .andExpect(status().isOk());
        var zone = times.zone();
        var wednesday = LocalDate.of(2026, 12, 2);
        assertThat(hours.isOpen(wednesday.atTime(10, 0).atZone(zone).toInstant()))
                .isTrue();
        assertThat(hours.closedSince(wednesday.atTime(20, 0).atZone(zone).toInstant()))
                .contains(wednesday.atTime(17, 0).atZone(zone).toInstant());
        // Thursday 07:00 is the same closed period as Wednesday evening.
        assertThat(hours.closedSince(
                        wednesday.plusDays(1).atTime(7, 0).atZone(zone).toInstant()))
                .contains(wednesday.atTime(17, 0).atZone(zone).toInstant());
        // Christmas (a Friday) is closed; the weekend after it too: all one period from Thursday 17:00.
        var christmas = LocalDate.of(2026, 12, 25);
        assertThat(hours.closedSince(
                        christmas.plusDays(2).atTime(12, 0).atZone(zone).toInstant()))
                .contains(christmas.minusDays(1).atTime(17, 0).atZone(zone).toInstant());
        assertThat(christmas.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
    }

    @Test
    void onlyOpeningHoursCountTowardsAWaitAndTheNextOpeningSkipsClosedDays() throws Exception {
        save(
                        week("08:00-17:00", "08:00-17:00", "08:00-17:00", "08:00-17:00", "08:00-17:00", null, null),
                        false,
                        List.of(Map.of("date", "2026-12-25", "name", "Christmas")))
                .andExpect(status().isOk());
        var zone = times.zone();
        var wednesday = LocalDate.of(2026, 12, 2);
        // Ten minutes from 16:55 on Wednesday: five before closing, five after Thursday's opening.
        assertThat(hours.afterOpenTime(wednesday.atTime(16, 55).atZone(zone).toInstant(), Duration.ofMinutes(10)))
                .contains(wednesday.plusDays(1).atTime(8, 5).atZone(zone).toInstant());
        assertThat(hours.afterOpenTime(wednesday.atTime(10, 0).atZone(zone).toInstant(), Duration.ofMinutes(10)))
                .contains(wednesday.atTime(10, 10).atZone(zone).toInstant());
        // And the other way round, for reports: 23:00 Wednesday to 08:05 Thursday is five minutes of opening hours;
        // Christmas Eve 16:00 to the Monday after at 09:00 is one hour before closing and one after opening.
        assertThat(hours.openBetween(
                        wednesday.atTime(23, 0).atZone(zone).toInstant(),
                        wednesday.plusDays(1).atTime(8, 5).atZone(zone).toInstant()))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(hours.openBetween(
                        LocalDate.of(2026, 12, 24).atTime(16, 0).atZone(zone).toInstant(),
                        LocalDate.of(2026, 12, 28).atTime(9, 0).atZone(zone).toInstant()))
                .isEqualTo(Duration.ofHours(2));
        assertThat(hours.openBetween(
                        wednesday.atTime(10, 0).atZone(zone).toInstant(),
                        wednesday.atTime(9, 0).atZone(zone).toInstant()))
                .isZero();
        // Christmas Eve (Thursday) evening: Christmas and the weekend are closed, Monday opens.
        var christmasEve = LocalDate.of(2026, 12, 24);
        assertThat(hours.nextOpening(christmasEve.atTime(18, 0).atZone(zone).toInstant()))
                .contains(christmasEve.plusDays(4).atTime(8, 0).atZone(zone).toInstant());
        assertThat(hours.nextOpening(wednesday.atTime(9, 0).atZone(zone).toInstant()))
                .contains(wednesday.atTime(9, 0).atZone(zone).toInstant()); // open now
    }

    @Test
    void aBurstOfThreeTextsWhileClosedGetsOneReplyThatLeavesTheConversationWaiting() throws Exception {
        save(week(null, null, null, null, null, null, null), true, List.of()).andExpect(status().isOk());
        var customer = customer("Texts At Night");
        text(customer, "my basement is flooding");
        text(customer, "hello?");
        text(customer, "please call");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(phone(customer)).isEmpty());
        await().during(Duration.ofMillis(1_000))
                .atMost(Duration.ofMillis(1_000).plusSeconds(5))
                .untilAsserted(() -> assertThat(twilio.sendsTo(phone(customer)))
                        .extracting(s -> s.get("Body"))
                        .containsExactly(REPLY));
        assertThat(conversations.find(customer.id(), "admin").orElseThrow().waitingSince())
                .isNotNull();
    }

    @Test
    void noReplyToStopHelpOrAnOptInYesNorWhileTheOfficeIsOpen() throws Exception {
        save(week(null, null, null, null, null, null, null), true, List.of()).andExpect(status().isOk());
        var stops = customer("Says Stop");
        text(stops, "STOP");
        var helps = customer("Says Help");
        text(helps, "HELP");
        var yes = customer("Says Yes");
        text(yes, "STOP");
        text(yes, "YES"); // back in: the carrier's keyword, nothing more
        save(
                        week(
                                "00:00-24:00",
                                "00:00-24:00",
                                "00:00-24:00",
                                "00:00-24:00",
                                "00:00-24:00",
                                "00:00-24:00",
                                "00:00-24:00"),
                        true,
                        List.of())
                .andExpect(status().isOk());
        var open = customer("Texts While Open");
        text(open, "can you come tomorrow?");
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(7)).untilAsserted(() -> {
            for (var c : List.of(stops, helps, yes, open)) {
                assertThat(twilio.sendsTo(phone(c)))
                        .extracting(s -> s.get("Body"))
                        .doesNotContain(REPLY);
            }
        });
    }

    // --- helpers

    private static Map<String, String> week(String... days) {
        var week = new LinkedHashMap<String, String>();
        var names = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
        for (int i = 0; i < 7; i++) {
            week.put(names.get(i), days[i]);
        }
        return week;
    }

    private ResultActions save(Map<String, String> week, boolean reply, List<Map<String, String>> closed)
            throws Exception {
        var body = new LinkedHashMap<String, Object>();
        body.put("week", week);
        body.put("afterHoursReply", Map.of("enabled", reply, "body", REPLY));
        body.put("closedDays", closed);
        return mvc.perform(put("/api/v1/settings/business-hours")
                .with(Staff.admin())
                .contentType(MediaType.APPLICATION_JSON)
                .content(JsonMapper.shared().writeValueAsString(body)));
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(Webhooks.newSid(), phone(customer), body))
                .andExpect(status().isOk());
    }
}
