package com.kontrol.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TestHours;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.conversation.Conversations;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A call to the business number, as Twilio makes it: the office's phones ring (all at once or in order) with the
 * caller's number shown; nobody answers, or the office is closed: a voicemail, a text back (once, never to an opted-out
 * number) and the conversation in Needs reply; the thread shows each call. Unsigned calls store nothing.
 */
@KontrolTest
@WithTwilioStandIn
class CallWebhookTests {

    static final String OFFICE = "+14155550101";
    static final String MOBILE = "+14155550102";

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    CallSettingsStore settings;

    @Autowired
    NumberConsent consent;

    @Autowired
    Conversations conversations;

    @Autowired
    TwilioStandIn twilio;

    @AfterEach
    void usualHoursNoEmergencyLineAndNoForwarding() throws Exception {
        var form = post("/settings/business-hours")
                .with(user("admin").roles("ADMIN"))
                .with(csrf())
                .param("replyBody", "Closed.");
        for (var day : List.of("mon", "tue", "wed", "thu", "fri")) {
            form.param("open-" + day, "true").param("opens-" + day, "08:00").param("closes-" + day, "17:00");
        }
        mvc.perform(form).andExpect(status().isFound()); // the emergency line off again
        settings.save(settings(List.of(), false), "test");
    }

    @Test
    void anOpenOfficesPhonesAllRingAtOnceAndAnAnsweredCallShowsWhoTookItAndForHowLong() throws Exception {
        hours(TestHours.ALL_WEEK);
        settings.save(settings(List.of(OFFICE, MOBILE), false), "test");
        var customer = customer("Carl Caller");
        var sid = callSid();

        var twiml = call(customer, sid);
        assertThat(twiml)
                .contains("<Dial action=\"/api/webhooks/twilio/voice/dial?step=0\"")
                .contains("answerOnBridge=\"true\"")
                .containsPattern(
                        "<Number [^>]*statusCallback=\"/api/webhooks/twilio/voice/picked-up\\?number=%2B14155550101\"[^>]*>\\"
                                + OFFICE + "</Number>")
                .contains(">" + MOBILE + "</Number></Dial>");
        call(customer, sid); // Twilio asks again: the same answer, one call in the thread
        assertThat(calls(customer))
                .singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("ringing"));

        var done =
                voice("/dial?step=0", Map.of("CallSid", sid, "DialCallStatus", "completed", "DialCallDuration", "200"));

        assertThat(done).contains("<Hangup/>");
        assertThat(calls(customer))
                .singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("answered"));
        assertThat(thread(customer)).contains("Call answered").contains("3 min 20 s");
        assertThat(texts(customer)).isEmpty(); // nobody is texted back after an answered call
    }

    @Test
    void ringingInOrderTriesEachNumberThenTakesAVoicemailTextsBackAndWaitsInNeedsReply() throws Exception {
        hours(TestHours.ALL_WEEK);
        settings.save(settings(List.of(OFFICE, MOBILE), true), "test");
        var customer = customer("Vera Voicemail");
        var sid = callSid();

        assertThat(call(customer, sid))
                .contains(">" + OFFICE + "</Number></Dial>")
                .doesNotContain(MOBILE);
        var second = voice("/dial?step=0", Map.of("CallSid", sid, "DialCallStatus", "no-answer"));
        assertThat(second)
                .contains("/api/webhooks/twilio/voice/dial?step=1")
                .contains(">" + MOBILE + "</Number>")
                .doesNotContain(">" + OFFICE + "<");
        var voicemail = voice("/dial?step=1", Map.of("CallSid", sid, "DialCallStatus", "busy"));

        assertThat(voicemail)
                .contains("<Say>Sorry, nobody can take your call right now.")
                .contains("<Record action=\"/api/webhooks/twilio/voice/recording\"")
                .contains("maxLength=\"120\"")
                .contains("transcribe=\"true\"");
        assertThat(calls(customer))
                .singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("missed"));
        assertThat(texts(customer))
                .singleElement()
                .satisfies(t -> assertThat(t.sentBy()).isEqualTo("missed-call"))
                .satisfies(t -> assertThat(t.body()).startsWith("Sorry we missed your call"));
        assertThat(conversations.find(customer.id(), "admin").orElseThrow().waitingSince())
                .isNotNull(); // in Needs reply

        var recording =
                "https://api.twilio.com/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Recordings/RE" + "1".repeat(32);
        voice("/recording", Map.of("CallSid", sid, "RecordingUrl", recording, "RecordingDuration", "42"));
        voice(
                "/recording",
                Map.of(
                        "CallSid",
                        sid,
                        "TranscriptionStatus",
                        "completed",
                        "TranscriptionText",
                        "The basement is flooding"));

        var call = calls(customer).get(0);
        assertThat(call.status()).isEqualTo("voicemail");
        assertThat(call.media())
                .singleElement()
                .satisfies(m -> assertThat(m.url()).isEqualTo(recording + ".mp3"));
        assertThat(thread(customer))
                .contains("Voicemail")
                .contains("42 s")
                .contains("<audio controls preload=\"none\"")
                .contains("“The basement is flooding”");
        var api = mvc.perform(get("/api/v1/customers/" + customer.id() + "/messages")
                        .with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(api)
                .contains("\"direction\":\"call\"")
                .contains("\"call\":{\"sid\":\"" + sid + "\",\"status\":\"voicemail\"")
                .contains("\"voicemail\":{\"url\":\"/messages/" + call.id() + "/media/0\",\"durationSeconds\":42,"
                        + "\"transcript\":\"The basement is flooding\"}");
    }

    @Test
    void aClosedOfficeTakesAMessageAndTextsBackOncePerClosedPeriodButNeverAnOptedOutNumber() throws Exception {
        hours(TestHours.CLOSED);
        settings.save(
                new CallSettings(
                        List.of(OFFICE), false, 20, "", true, "Leave a message.", false, true, "Sorry we missed you"),
                "test");
        var customer = customer("Nora Night");

        assertThat(call(customer, callSid()))
                .contains("<Record")
                .doesNotContain("<Dial")
                .doesNotContain("transcribe"); // not asked for
        assertThat(call(customer, callSid())).contains("<Record");
        assertThat(calls(customer))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.status()).isEqualTo("missed"));
        assertThat(texts(customer)).hasSize(1); // once in the closed period

        var out = customer("Otto Out");
        consent.optOut(out.primaryPhone().orElseThrow().e164(), ConsentSource.STAFF, "asked on the phone", "dana");
        call(out, callSid());
        assertThat(calls(out))
                .singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("missed"));
        assertThat(texts(out)).isEmpty();
    }

    @Test
    void afterHoursACallerWhoPressesOneIsPutThroughToThePersonOnCallWhomTheRotationAlsoPages() throws Exception {
        var mobile = TestCustomers.newPhone().e164();
        var pat = "pat-" + System.nanoTime();
        mvc.perform(post("/api/v1/users")
                        .with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"username\":\"" + pat + "\",\"name\":\"Pat\",\"password\":\"copper pipe wrench 42\","
                                        + "\"role\":\"staff\",\"mobile\":\"" + mobile + "\"}"))
                .andExpect(status().isCreated());
        mvc.perform(
                        post("/settings/business-hours") // closed all week, the emergency line on
                                .with(user("admin").roles("ADMIN"))
                                .with(csrf())
                                .param("replyBody", "Closed.")
                                .param("emergencyEnabled", "true")
                                .param("emergencyWords", "1, emergency")
                                .param("ackMinutes", "10")
                                .param("confirmation", "We got your emergency and are paging the person on call.")
                                .param("rotation", pat))
                .andExpect(status().isFound());
        settings.save(settings(List.of(OFFICE), false), "test");
        var customer = customer("Edna Emergency");
        var sid = callSid();

        assertThat(call(customer, sid))
                .contains("<Gather action=\"/api/webhooks/twilio/voice/emergency\"")
                .contains("numDigits=\"1\"")
                .contains("press 1 now")
                .contains("<Record"); // no key: the voicemail
        var through = voice("/emergency", Map.of("CallSid", sid, "Digits", "1"));

        assertThat(through)
                .contains("<Dial action=\"/api/webhooks/twilio/voice/dial?step=-1\"")
                .contains(">" + mobile + "</Number>")
                .doesNotContain(OFFICE);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(mobile).isEmpty()); // and paged, as for an emergency text
        var nobody = voice("/dial?step=-1", Map.of("CallSid", sid, "DialCallStatus", "no-answer"));
        assertThat(nobody).contains("<Record").doesNotContain("<Gather"); // offered once
    }

    @Test
    void whileOpenASecondMissedCallWithinHalfAnHourSendsNoSecondText() throws Exception {
        hours(TestHours.ALL_WEEK);
        settings.save(settings(List.of(), false), "test"); // no number rings: every call is missed
        var customer = customer("Twice Tina");

        call(customer, callSid());
        call(customer, callSid());

        assertThat(calls(customer))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.status()).isEqualTo("missed"));
        assertThat(texts(customer)).hasSize(1);
    }

    @Test
    void aCallFromANumberThatIsNoCustomersWaitsInTheUnassignedInbox() throws Exception {
        var stranger = TestCustomers.newPhone().e164();
        voice("", Map.of("CallSid", callSid(), "From", stranger, "To", TwilioStandIn.NUMBER));

        var inbox = mvc.perform(get("/communication/messages/unassigned-list")
                        .param("view", "unassigned")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var at = inbox.indexOf(stranger.substring(stranger.length() - 4) + "</span>"); // the number's heading
        assertThat(at).isPositive();
        assertThat(inbox.substring(at, inbox.indexOf("</article>", at))).contains("Missed call");
    }

    @Test
    void anUnsignedCallIsRefusedAndNothingIsStored() throws Exception {
        var customer = customer("Forged Fred");
        var params = Map.of(
                "CallSid",
                callSid(),
                "From",
                customer.primaryPhone().orElseThrow().e164(),
                "To",
                TwilioStandIn.NUMBER);
        mvc.perform(Webhooks.unsigned("/api/webhooks/twilio/voice", params)).andExpect(status().isForbidden());
        mvc.perform(Webhooks.unsigned("/api/webhooks/twilio/voice", params)
                        .header("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl"))
                .andExpect(status().isForbidden());
        assertThat(calls(customer)).isEmpty();
    }

    private String call(Customer customer, String sid) throws Exception {
        return voice(
                "",
                Map.of(
                        "CallSid",
                        sid,
                        "From",
                        customer.primaryPhone().orElseThrow().e164(),
                        "To",
                        TwilioStandIn.NUMBER,
                        "CallStatus",
                        "ringing"));
    }

    private String voice(String path, Map<String, String> params) throws Exception {
        var all = new HashMap<>(params);
        all.put("AccountSid", TwilioStandIn.SID);
        return mvc.perform(Webhooks.signed("/api/webhooks/twilio/voice" + path, all))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private List<Message> calls(Customer customer) {
        return messages.thread(customer.id(), Long.MAX_VALUE, 50).stream()
                .filter(Message::isCall)
                .toList();
    }

    private List<Message> texts(Customer customer) {
        return messages.thread(customer.id(), Long.MAX_VALUE, 50).stream()
                .filter(m -> !m.isCall())
                .toList();
    }

    private String thread(Customer customer) throws Exception {
        return mvc.perform(get("/customers/" + customer.id() + "/sms")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private void hours(String week) throws Exception {
        mvc.perform(with(put("/api/v1/settings/business-hours")).content(week)).andExpect(status().isOk());
    }

    private static MockHttpServletRequestBuilder with(MockHttpServletRequestBuilder request) {
        return request.with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD)).contentType(MediaType.APPLICATION_JSON);
    }

    private static CallSettings settings(List<String> numbers, boolean inOrder) {
        return new CallSettings(
                numbers,
                inOrder,
                20,
                "",
                true,
                "Sorry, nobody can take your call right now. Please leave a message after the tone.",
                true,
                true,
                "Sorry we missed your call - how can we help?");
    }

    private Customer customer(String name) {
        return customers.add(name + " " + System.nanoTime() % 100_000, List.of(TestCustomers.newPhone()), true);
    }

    private static String callSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }
}
