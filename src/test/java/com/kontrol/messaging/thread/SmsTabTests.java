package com.kontrol.messaging.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Customers > [Customer] > SMS: the thread, its older pages, the preview, unread counts and banners. */
@KontrolTest
class SmsTabTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    NumberConsent consent;

    @Autowired
    Messages messages;

    @Test
    void theThreadOpensAtTheNewestMessagesAndLoadsOlderOnesAsYouScrollUp() throws Exception {
        var customer = customer("Long Thread");
        for (int i = 1; i <= 120; i++) {
            inbound(customer, "message " + i);
        }
        var page = html(get("/customers/" + customer.id() + "/sms"));
        assertThat(page).contains(">message 120<").contains(">message 71<").doesNotContain(">message 70<");
        var older = page.replaceAll("(?s).*hx-get=\"(/customers/\\d+/sms/older\\?before=\\d+)\".*", "$1");
        var previous = html(get(older));
        assertThat(previous).contains(">message 70<").contains(">message 21<").doesNotContain(">message 71<");
        assertThat(previous).contains("/sms/older?before="); // and another page above that
        var first =
                html(get(previous.replaceAll("(?s).*hx-get=\"(/customers/\\d+/sms/older\\?before=\\d+)\".*", "$1")));
        assertThat(first).contains(">message 1<").contains(">message 20<").doesNotContain("/sms/older?before=");
    }

    @Test
    void theTabShowsOneStripOnePresenceLineAndOneReplyBox() throws Exception {
        var customer = customer("Shown Once Each");
        inbound(customer, "hello");
        var page = html(get("/customers/" + customer.id() + "/sms"));
        assertThat(page.split("id=\"conversation-bar\"", -1)).hasSize(2);
        assertThat(page.split("id=\"presence\"", -1)).hasSize(2);
        assertThat(page.split("id=\"reply\"", -1)).hasSize(2);
    }

    @Test
    void messagesAreShownEscapedExactlyAsReceived() throws Exception {
        var customer = customer("Escaping");
        inbound(customer, "<script>alert(1)</script> & <b>bold</b>");
        var page = html(get("/customers/" + customer.id() + "/sms"));
        assertThat(page)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;")
                .doesNotContain("<script>alert(1)");
    }

    @Test
    void thePreviewShowsTheExpandedTextWithItsLengthAndSegments() throws Exception {
        var customer = customer("Preview Person");
        assertThat(html(post("/customers/" + customer.id() + "/sms/preview").param("body", "Hi {{first_name}}")))
                .contains("Hi Preview")
                .contains("10 characters · 1 SMS · GSM-7");
        assertThat(html(post("/customers/" + customer.id() + "/sms/preview").param("body", "x".repeat(161))))
                .contains("161 characters · 2 SMS segments · GSM-7");
        assertThat(html(post("/customers/" + customer.id() + "/sms/preview").param("body", "Thanks 👍")))
                .contains("9 characters · 1 SMS · Unicode (UCS-2)");
        assertThat(html(post("/customers/" + customer.id() + "/sms/preview").param("body", "{{nope}}")))
                .contains("Unknown shortcode {{nope}}");
    }

    @Test
    void theListCountsEachPersonsUnreadTextsAndOpeningTheThreadMarksThemReadForThemOnly() throws Exception {
        var customer = customer("Unread Person");
        inbound(customer, "one");
        inbound(customer, "two");
        assertThat(html(get("/customers").param("q", "Unread Person"))).contains("2 unread");
        html(get("/customers/" + customer.id() + "/sms"));
        assertThat(html(get("/customers").param("q", "Unread Person"))).doesNotContain("unread");
        assertThat(html("sam", get("/customers").param("q", "Unread Person"))).contains("2 unread"); // not sam's
        inbound(customer, "three");
        assertThat(html(get("/customers").param("q", "Unread Person"))).contains("1 unread");
        assertThat(html("sam", get("/customers").param("q", "Unread Person"))).contains("3 unread");
        // The rows ask for themselves again whenever a conversation changes: the badges are live.
        assertThat(html(get("/customers").param("q", "Unread Person")))
                .contains("hx-trigger=\"sse:conversations delay:500ms\"");
    }

    @Test
    void anOptedOutCustomersThreadShowsABannerAndTheReplyIsRefused() throws Exception {
        var customer = customer("Banner Person");
        consent.optOut(customer.primaryPhone().orElseThrow().e164(), ConsentSource.STAFF, "phoned the office", "dana");
        assertThat(html(get("/customers/" + customer.id() + "/sms"))).contains("has opted out of texts");
        var answer = mvc.perform(post("/customers/" + customer.id() + "/sms")
                        .param("body", "are you there?")
                        .header("HX-Request", "true")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(answer.getHeader("HX-Retarget")).isEqualTo("#reply-error");
        assertThat(answer.getContentAsString()).contains("opted out");
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void aSharedNumberIsExplainedInTheThread() throws Exception {
        var shared = TestCustomers.newPhone();
        var one = customers.add("Shared One", List.of(shared), true);
        customers.add("Shared Two", List.of(shared), true);
        assertThat(html(get("/customers/" + one.id() + "/sms")))
                .contains("This number is shared with")
                .contains("Shared Two")
                .contains("texted at it most recently");
    }

    private String html(MockHttpServletRequestBuilder request) throws Exception {
        return html("dana", request);
    }

    private String html(String who, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(user(who).roles("STAFF")).with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private void inbound(Customer c, String body) {
        TestCustomers.storeTextFrom(messages, c, body, OffsetDateTime.now());
    }
}
