package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The attacks tried on accounts by someone signed in as staff, or holding an old link: guessing a texted mobile code,
 * raising one's own role, reading the team or the audit log, guessing a password-reset link or using one twice. (Stale
 * reset links, claimed mobiles and password guessing at the login: {@link TeamLifecycleTests}, {@link
 * StaffMobileTests}, {@link LoginTests}.)
 */
@KontrolTest
@WithTwilioStandIn
class AccountAttacksTests {

    static final String PASSWORD = "Correct-Horse-Battery-9417"; // TestStaff's
    static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    JdbcClient jdbc;

    @Test
    void guessingATextedMobileCodeStopsAfterFiveWrongTriesEvenForTheRightOne() throws Exception {
        var me = TestStaff.add(mvc, "guess", "Gue Ss", null);
        var mobile = TestCustomers.newPhone().e164();
        mvc.perform(put("/api/v1/profile/mobile")
                        .with(httpBasic(me, PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"mobile\": \"" + mobile + "\"}"))
                .andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(mobile).isEmpty());
        var matcher = CODE.matcher(twilio.sendsTo(mobile).get(0).get("Body"));
        assertThat(matcher.find()).isTrue();
        var code = matcher.group(1);
        var wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < MobileCodes.TRIES; i++) {
            verify(me, wrong).andExpect(status().isUnprocessableContent());
        }
        verify(me, code).andExpect(status().isUnprocessableContent());
        assertThat(jdbc.sql("select mobile_verified from users where username = :me")
                        .param("me", me)
                        .query(Boolean.class)
                        .single())
                .isFalse();
    }

    @Test
    void aStaffMemberCannotMakeThemselvesAdminNorReadTheTeamOrTheAuditLog() throws Exception {
        var me = TestStaff.add(mvc, "climb", "Cli Mb", null);
        mvc.perform(patch("/api/v1/users/" + me)
                        .with(httpBasic(me, PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\": \"admin\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/users").with(httpBasic(me, PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit").with(httpBasic(me, PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/settings/team").with(user(me).roles("STAFF"))).andExpect(status().isForbidden());
    }

    @Test
    void aGuessedResetLinkIsGoneAndARealOneWorksOnce() throws Exception {
        mvc.perform(get("/password-reset/" + "A".repeat(43))).andExpect(status().isGone());
        mvc.perform(post("/password-reset/" + "A".repeat(43))
                        .with(csrf())
                        .param("password", "tangerine gasket ladder 7")
                        .param("repeated", "tangerine gasket ladder 7"))
                .andExpect(status().isGone());

        var who = TestStaff.add(mvc, "reset", "Re Set", null);
        var link = (String) mvc.perform(post("/settings/team/" + who + "/reset-link")
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(flash().attributeExists("resetLink"))
                .andReturn()
                .getFlashMap()
                .get("resetLink");
        var path = link.substring(link.indexOf("/password-reset/"));
        mvc.perform(post(path)
                        .with(csrf())
                        .param("password", "tangerine gasket ladder 7")
                        .param("repeated", "tangerine gasket ladder 7"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post(path)
                        .with(csrf())
                        .param("password", "copper harbor valve 9")
                        .param("repeated", "copper harbor valve 9"))
                .andExpect(status().isGone());
    }

    private ResultActions verify(String username, String code) throws Exception {
        return mvc.perform(post("/api/v1/profile/mobile/verify")
                .with(httpBasic(username, PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"code\": \"" + code + "\"}"));
    }
}
