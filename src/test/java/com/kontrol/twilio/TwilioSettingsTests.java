package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.kontrol.KontrolTest;
import com.kontrol.TestDatabase;
import com.kontrol.security.SealedV1;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Settings > Integrations > Twilio: the account is checked, and the Auth Token is kept secret everywhere. */
@KontrolTest
@ExtendWith(OutputCaptureExtension.class)
// A context of its own: saving an account here turns sandbox SMS off, which other tests of the shared context need.
@TestPropertySource(properties = "spring.application.name=twilio-settings-tests")
class TwilioSettingsTests {

    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "f00dfeedcafe0123456789abcdef4242";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TwilioAccounts accounts;

    @Value("${kontrol.data-dir}")
    Path dataDir;

    @DynamicPropertySource
    static void twilioAnswersTheChecks(DynamicPropertyRegistry registry) {
        AccountStandIn.register(registry);
    }

    @BeforeEach
    void twilioAcceptsTheAccount() {
        accounts.disconnect("test"); // each test starts on sandbox SMS
        AccountStandIn.accepts(SID, "+14155550100", "+14155550101", "+14155550102");
    }

    @Test
    void onlyAdminsMayOpenTheTwilioSettings() throws Exception {
        mvc.perform(get("/settings/integrations/twilio").with(user("dana").roles("STAFF")))
                .andExpect(status().isForbidden());
        mvc.perform(admin(post("/settings/integrations/twilio"))
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isForbidden());
    }

    @Test
    void theAuthTokenIsStoredEncryptedAndFoundInPlainTextNowhere(CapturedOutput output) throws Exception {
        save(SID, TOKEN, "(415) 555-0100").andExpect(status().isFound());

        var account = accounts.current().orElseThrow();
        assertThat(account.accountSid()).isEqualTo(SID);
        assertThat(account.authToken()).isEqualTo(TOKEN);
        assertThat(account.phoneNumber()).isEqualTo("+14155550100");

        var stored = jdbc.sql("select auth_token_encrypted from twilio_settings")
                .query(String.class)
                .single();
        assertThat(stored).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(0, 16));

        var page = mvc.perform(admin(get("/settings/integrations/twilio")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(SID).doesNotContain(TOKEN).contains("4242"); // masked: the last four only

        assertThat(output.getAll()).doesNotContain(TOKEN);
        assertThat(account.toString()).doesNotContain(TOKEN);
    }

    @Test
    void leavingTheTokenBlankKeepsTheStoredOne() throws Exception {
        save(SID, TOKEN, "+14155550100");
        save(SID, "", "+1 415 555 0101").andExpect(status().isFound());
        var account = accounts.current().orElseThrow();
        assertThat(account.authToken()).isEqualTo(TOKEN);
        assertThat(account.phoneNumber()).isEqualTo("+14155550101");
    }

    @Test
    void aMalformedSidOrNumberGetsAClearMessageAndNothingIsSaved() throws Exception {
        save(SID, TOKEN, "+14155550100");
        var page = save("AC123", "abcdef0123456789abcdef0123456789", "+14155550102")
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("32 hexadecimal characters").contains("nothing was saved");
        assertThat(page).doesNotContain("abcdef0123456789abcdef0123456789"); // a typed token is not echoed back
        save(SID, TOKEN, "not a phone").andExpect(status().isOk());
        assertThat(accounts.current().orElseThrow().phoneNumber()).isEqualTo("+14155550100");
    }

    @Test
    void thePageShowsTheExactWebhookUrlForTheTwilioConsoleOnceThePublicUrlIsConfirmed() throws Exception {
        save(SID, TOKEN, "+14155550100").andExpect(status().isFound());
        assertThat(accounts.current().orElseThrow().publicUrl()).isEqualTo("https://sms.example.com");
        var page = html(admin(get("/settings/integrations/twilio")));
        assertThat(page)
                .contains("https://sms.example.com/api/webhooks/twilio/inbound")
                .contains("POST")
                .doesNotContain("is not confirmed yet");
    }

    @Test
    void aPublicUrlThatIsNotAnAddressIsRefusedAndNothingIsSaved() throws Exception {
        var page = mvc.perform(admin(post("/settings/integrations/twilio"))
                        .param("accountSid", SID)
                        .param("authToken", TOKEN)
                        .param("phoneNumber", "+14155550100")
                        .param("publicUrl", "sms.example.com"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("id=\"publicUrl-error\"").contains("starting with https://");
        assertThat(jdbc.sql("select count(*) from twilio_settings where public_url = 'sms.example.com'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aTokenSealedByTheEarlierVersionIsSealedAgainAtStart() throws Exception {
        save(SID, TOKEN, "+14155550100").andExpect(status().isFound());
        jdbc.sql("update twilio_settings set auth_token_encrypted = :old where id = 1")
                .param("old", SealedV1.seal(TestDatabase.SECRET_KEY, TOKEN))
                .update();
        accounts.sealStoredTokenAgain();
        var stored = jdbc.sql("select auth_token_encrypted from twilio_settings where id = 1")
                .query(String.class)
                .single();
        assertThat(stored).startsWith("v2:");
        assertThat(accounts.current().orElseThrow().authToken()).isEqualTo(TOKEN);
    }

    @Test
    void aTokenTwilioRefusesIsNamedAndTheSandboxStaysOn() throws Exception {
        AccountStandIn.refusesTheToken(SID);
        var page = save(SID, TOKEN, "+14155550100")
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Not saved: Twilio refused them (20003)").doesNotContain(TOKEN);
        assertThat(accounts.current()).isEmpty();
    }

    @Test
    void aNumberOfAnotherAccountOrWithoutSmsIsNamedAndNothingChanges() throws Exception {
        save(SID, TOKEN, "+14155550100").andExpect(status().isFound());
        AccountStandIn.hasNoSuchNumber(SID);
        assertThat(refusedPage(SID, TOKEN, "+14155550101")).contains("is not a number of this account");
        AccountStandIn.hasTheNumberWithoutSms(SID, "+14155550101");
        assertThat(refusedPage(SID, TOKEN, "+14155550101")).contains("cannot send or receive SMS");
        assertThat(accounts.current().orElseThrow().phoneNumber()).isEqualTo("+14155550100");
    }

    @Test
    void twilioOutOfReachIsNamedAndNothingIsSaved() throws Exception {
        AccountStandIn.isOutOfReach(SID);
        assertThat(refusedPage(SID, TOKEN, "+14155550100")).contains("could not reach Twilio");
        assertThat(accounts.current()).isEmpty();
    }

    @Test
    void aSaveTwilioAcceptsShowsTheNextStepAndDisconnectingKeepsEveryText() throws Exception {
        var saved =
                save(SID, TOKEN, "+14155550100").andExpect(status().isFound()).andReturn();
        assertThat((String) saved.getFlashMap().get("notice")).contains("Twilio accepted the account and the number");
        @SuppressWarnings("unchecked")
        var checks = (List<SetupCheck>) saved.getFlashMap().get("checks");
        assertThat(checks).anySatisfy(c -> {
            assertThat(c.what()).isEqualTo("Incoming texts webhook");
            assertThat(c.ok()).isFalse(); // the number's webhook points nowhere yet: the next step
        });
        long texts = jdbc.sql("select count(*) from messages").query(Long.class).single();
        long disconnects = disconnects();

        mvc.perform(admin(post("/settings/integrations/twilio/disconnect"))).andExpect(status().isFound());
        assertThat(accounts.current()).isEmpty(); // back to sandbox SMS
        assertThat(jdbc.sql("select count(*) from messages").query(Long.class).single())
                .isEqualTo(texts);
        assertThat(disconnects()).as("audited").isEqualTo(disconnects + 1);
        mvc.perform(post("/settings/integrations/twilio/disconnect")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
    }

    private long disconnects() {
        return jdbc.sql("select count(*) from audit_events where detail like 'Twilio disconnected%'")
                .query(Long.class)
                .single();
    }

    private String refusedPage(String sid, String token, String phone) throws Exception {
        return save(sid, token, phone)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private String html(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getContentAsString();
    }

    @Test
    void aFirstSaveAlsoPointsTheWebhookAtKontrolAndRunsASelfTestInTheSameStep() throws Exception {
        var numberPath = "/2010-04-01/Accounts/" + SID + "/IncomingPhoneNumbers/PN14155550100.json";
        var pointed = AccountStandIn.server.stubFor(WireMock.post(WireMock.urlPathEqualTo(numberPath))
                .willReturn(WireMock.okJson("{\"sid\": \"PN14155550100\"}")));
        // The public URL is the stand-in's, so that the self-test's sample reaches a server (which is not Kontrol).
        var base = AccountStandIn.server.baseUrl();
        var webhook = base + "/api/webhooks/twilio/inbound";
        var flash = mvc.perform(admin(post("/settings/integrations/twilio"))
                        .param("accountSid", SID)
                        .param("authToken", TOKEN)
                        .param("phoneNumber", "+14155550100")
                        .param("publicUrl", base))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();

        assertThat(flash.get("checks")).isNotNull();
        assertThat((SetupCheck) flash.get("webhookResult"))
                .satisfies(r -> assertThat(r.ok()).isTrue());
        AccountStandIn.server.verify(WireMock.postRequestedFor(WireMock.urlPathEqualTo(numberPath))
                .withRequestBody(WireMock.containing("SmsUrl=" + URLEncoder.encode(webhook, StandardCharsets.UTF_8))));
        assertThat((SetupCheck) flash.get("selfTest"))
                .satisfies(r -> assertThat(r.detail()).startsWith(webhook + " answered 404"));

        // A later save is only a save: the webhook and the self-test have their own buttons.
        var again = mvc.perform(admin(post("/settings/integrations/twilio"))
                        .param("accountSid", SID)
                        .param("authToken", TOKEN)
                        .param("phoneNumber", "+14155550100")
                        .param("publicUrl", base))
                .andReturn()
                .getFlashMap();
        assertThat(again.get("selfTest")).isNull();
        AccountStandIn.server.removeStub(pointed); // the other tests' numbers cannot be pointed anywhere
    }

    private ResultActions save(String sid, String token, String phone) throws Exception {
        return mvc.perform(admin(post("/settings/integrations/twilio"))
                .param("accountSid", sid)
                .param("authToken", token)
                .param("phoneNumber", phone)
                .param("publicUrl", "https://sms.example.com/"));
    }

    private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
        return request.with(user("admin").roles("ADMIN")).with(csrf());
    }
}
