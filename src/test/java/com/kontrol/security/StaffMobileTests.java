package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.audit.AuditAction;
import com.kontrol.customer.Customers;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A staff phone is its owner's alone: a mobile set on one's own profile counts only once the code texted to it is typed
 * back; one an admin sets for someone counts at once, audited; a customer's number or another account's is refused.
 * Until then the number's texts reach the inbox like anyone's.
 */
@KontrolTest
@WithTwilioStandIn
class StaffMobileTests {

    private static final String PASSWORD = "Correct-Horse-Battery-9417"; // TestStaff's
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aMobileSetOnOnesOwnProfileCountsOnlyOnceTheTextedCodeIsTypedBack() throws Exception {
        var me = TestStaff.add(mvc, "self", "Sel F", null);
        var mobile = TestCustomers.newPhone().e164();

        setOwnMobile(me, mobile)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mobileVerified").value(false));
        var code = textedCode(mobile);

        // Unverified: a text from it is anyone's text, in the unassigned inbox, not a command.
        text(mobile, "OMW 10");
        assertThat(staffTextsFrom(mobile)).isZero();
        assertThat(customerTextsFrom(mobile)).isEqualTo(1);

        verify(me, code.equals("000000") ? "111111" : "000000")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("not the code")));
        verify(me, code)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mobileVerified").value(true));
        assertThat(whoVerified(me + "'s mobile " + mobile)).containsExactly(me);

        text(mobile, "OMW 10");
        assertThat(staffTextsFrom(mobile)).isEqualTo(1);
        assertThat(customerTextsFrom(mobile)).isEqualTo(1);

        // A new number is a new claim: unverified until its own code comes back.
        setOwnMobile(me, TestCustomers.newPhone().e164())
                .andExpect(jsonPath("$.mobileVerified").value(false));
    }

    @Test
    void aCustomersNumberOrAnotherAccountsIsRefusedAsAMobile() throws Exception {
        var customersPhone = TestCustomers.newPhone();
        customers.add("Has The Number", List.of(customersPhone), true);
        var me = TestStaff.add(mvc, "claim", "Claim Ant", null);

        setOwnMobile(me, customersPhone.e164())
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("is a customer's number")));
        mvc.perform(patch("/api/v1/users/" + me)
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"mobile\": \"" + customersPhone.e164() + "\"}"))
                .andExpect(status().isUnprocessableContent());

        var taken = TestCustomers.newPhone().e164();
        TestStaff.add(mvc, "owner", "Own Er", taken);
        setOwnMobile(me, taken)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("already another account's mobile")));
        assertThat(twilio.sendsTo(customersPhone.e164())).isEmpty();
        assertThat(twilio.sendsTo(taken)).isEmpty();
    }

    @Test
    void anAdminsWordMakesAMobileAStaffPhoneAtOnceAndIsAudited() throws Exception {
        var someone = TestStaff.add(mvc, "tech", "Tech Nician", null);
        var mobile = TestCustomers.newPhone().e164();

        mvc.perform(patch("/api/v1/users/" + someone)
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"mobile\": \"" + mobile + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mobileVerified").value(true));

        assertThat(whoVerified(someone + "'s mobile " + mobile)).containsExactly("admin");
        assertThat(twilio.sendsTo(mobile))
                .as("no code: the admin vouched for it")
                .isEmpty();
        text(mobile, "OMW");
        assertThat(staffTextsFrom(mobile)).isEqualTo(1);
    }

    @Test
    void aStaffMobileThatBecomesACustomersNumberIsNoLongerAStaffPhone() throws Exception {
        var mobile = TestCustomers.newPhone();
        var tech = TestStaff.add(mvc, "also", "Also Customer", mobile.e164());

        var customer = customers.add("Tech At Home", List.of(mobile), true);
        text(mobile.e164(), "the boiler at home is leaking");

        assertThat(staffTextsFrom(mobile.e164())).isZero();
        assertThat(jdbc.sql("select count(*) from messages where from_address = :p and customer_id = :c")
                        .param("p", mobile.e164())
                        .param("c", customer.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/users").with(Staff.admin()))
                .andExpect(jsonPath("$.users[?(@.username == '" + tech + "')].mobileVerified")
                        .value(Matchers.contains(false)));
    }

    @Test
    void aCodeLastsFiveTriesAndTenMinutes() throws Exception {
        var me = TestStaff.add(mvc, "tries", "Try Er", null);
        var mobile = TestCustomers.newPhone().e164();
        setOwnMobile(me, mobile).andExpect(status().isOk());
        var code = textedCode(mobile);
        var wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            verify(me, wrong).andExpect(status().isUnprocessableContent());
        }
        verify(me, code)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("no tries are left")));
        mvc.perform(post("/api/v1/profile/mobile/code").with(as(me)).contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("less than a minute ago")));

        var later = TestStaff.add(mvc, "late", "Late Comer", null);
        var second = TestCustomers.newPhone().e164();
        setOwnMobile(later, second).andExpect(status().isOk());
        var secondCode = textedCode(second);
        jdbc.sql("update mobile_codes set expires_at = :past where mobile = :mobile")
                .param("past", OffsetDateTime.now().minusSeconds(1))
                .param("mobile", second)
                .update();
        verify(later, secondCode)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("expired")));
    }

    private ResultActions setOwnMobile(String username, String mobile) throws Exception {
        return mvc.perform(put("/api/v1/profile/mobile")
                .with(as(username))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"mobile\": \"" + mobile + "\"}"));
    }

    private ResultActions verify(String username, String code) throws Exception {
        return mvc.perform(post("/api/v1/profile/mobile/verify")
                .with(as(username))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"code\": \"" + code + "\"}"));
    }

    private String textedCode(String mobile) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(mobile).isEmpty());
        var matcher = CODE.matcher(twilio.sendsTo(mobile).get(0).get("Body"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** The actors of the audit log's {@code mobile.verified} entries that say {@code what}. */
    private List<String> whoVerified(String what) {
        return jdbc.sql("select actor from audit_events where action = :action and detail like :what order by id")
                .param("action", AuditAction.MOBILE_VERIFIED.code())
                .param("what", what + "%")
                .query(String.class)
                .list();
    }

    private long staffTextsFrom(String phone) {
        return jdbc.sql("select count(*) from staff_texts where from_address = :p")
                .param("p", phone)
                .query(Long.class)
                .single();
    }

    private long customerTextsFrom(String phone) {
        return jdbc.sql("select count(*) from messages where from_address = :p")
                .param("p", phone)
                .query(Long.class)
                .single();
    }

    private void text(String from, String body) throws Exception {
        new Webhooks(mvc).inbound(Webhooks.text(Webhooks.newSid(), from, body)).andExpect(status().isOk());
    }

    private static RequestPostProcessor as(String username) {
        return httpBasic(username, PASSWORD);
    }
}
