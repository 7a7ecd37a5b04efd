package com.kontrol.messaging.unassigned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.inbound.IncomingText;
import com.kontrol.messaging.inbound.MessageIntake;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.web.InvalidInputException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The user guide's last section: texts from unknown numbers land in Communication > Messages for triage. */
@KontrolTest
class UnassignedNumbersTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    UnassignedNumbers inbox;

    @Autowired
    Triage triage;

    @Autowired
    Messages messages;

    @Autowired
    Customers customers;

    @Autowired
    MessageIntake intake;

    @Test
    void assigningMovesEveryTextToTheCustomerAndLaterTextsGoStraightThere() throws Exception {
        var stranger = newNumber();
        var first = text(stranger, "Hi, this is Rosa");
        var second = text(stranger, "Can someone call me?");
        var rosa = customers.add("Rosa Parks", List.of(), true);
        assertThat(inbox.conversations(false, 1000)).anyMatch(c -> c.phone().equals(stranger));

        mvc.perform(post("/communication/messages/" + stranger + "/assign")
                        .param("customerId", String.valueOf(rosa.id()))
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isFound());

        assertThat(messages.thread(rosa.id(), Long.MAX_VALUE, 10))
                .extracting(Message::id)
                .containsExactly(first.id(), second.id());
        assertThat(customers.findById(rosa.id()).orElseThrow().primaryPhone()).contains(PhoneNumber.ofE164(stranger));
        assertThat(inbox.conversations(false, 1000)).noneMatch(c -> c.phone().equals(stranger));
        var assignment = inbox.assignment(stranger).orElseThrow();
        assertThat(assignment.assignedBy()).isEqualTo("dana");
        assertThat(assignment.customerId()).isEqualTo(rosa.id());

        var later = text(stranger, "Thanks!");
        assertThat(later.customerId()).isEqualTo(rosa.id());
        assertThat(html(get("/customers/" + rosa.id() + "/sms"))).contains("assigned to this customer by dana");
    }

    @Test
    void aNumberAssignedToACustomerWithAPrimaryNumberIsSavedAsAnAdditionalOne() {
        var stranger = newNumber();
        text(stranger, "new phone, who dis");
        var tom = customers.add("Tom Two Phones", List.of(PhoneNumber.ofE164(newNumber())), true);
        triage.assign(stranger, tom.id(), "dana");
        var saved = customers.findById(tom.id()).orElseThrow();
        assertThat(saved.phones()).hasSize(2);
        assertThat(saved.phones().get(1).e164()).isEqualTo(stranger);
    }

    @Test
    void aNewCustomerIsCreatedFromTheNumberInOneStep() throws Exception {
        var stranger = newNumber();
        text(stranger, "hello");
        var redirect = mvc.perform(post("/communication/messages/" + stranger + "/assign-new")
                        .param("name", "Walk In")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isFound())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long id = Long.parseLong(redirect.replaceAll("/customers/(\\d+)/sms", "$1"));
        assertThat(customers.findById(id).orElseThrow().primaryPhone()).contains(PhoneNumber.ofE164(stranger));
        assertThat(messages.thread(id, Long.MAX_VALUE, 10)).hasSize(1);
    }

    @Test
    void dismissingKeepsTheTextsAndALaterTextBringsTheConversationBack() {
        var stranger = newNumber();
        var kept = text(stranger, "spam?");
        triage.dismiss(stranger, "dana", false);
        assertThat(inbox.conversations(false, 1000)).noneMatch(c -> c.phone().equals(stranger));
        assertThat(inbox.conversations(true, 1000)).anyMatch(c -> c.phone().equals(stranger));
        assertThat(messages.findById(kept.id())).isPresent();

        text(stranger, "not spam, I need a plumber");
        assertThat(inbox.conversations(false, 1000))
                .filteredOn(c -> c.phone().equals(stranger))
                .singleElement()
                .satisfies(c -> assertThat(c.messages()).hasSize(2));
    }

    @Test
    void aRestoredConversationIsBackInTheInbox() {
        var stranger = newNumber();
        text(stranger, "hello?");
        triage.dismiss(stranger, "dana", false);
        triage.restore(stranger, "dana");
        assertThat(inbox.conversations(false, 1000)).anyMatch(c -> c.phone().equals(stranger));
    }

    @Test
    void aBlockedNumbersTextsAreStoredButNeverSurface() {
        var stranger = newNumber();
        text(stranger, "buy now");
        triage.dismiss(stranger, "dana", true);
        var later = text(stranger, "buy now!!");
        assertThat(messages.findById(later.id())).isPresent();
        assertThat(inbox.conversations(false, 1000)).noneMatch(c -> c.phone().equals(stranger));
        assertThat(inbox.conversations(true, 1000))
                .filteredOn(c -> c.phone().equals(stranger))
                .singleElement()
                .satisfies(c -> assertThat(c.blocked()).isTrue());
    }

    @Test
    void twoStaffAssigningTheSameNumberAtOnceGetOneResultAndAClearMessage() throws Exception {
        var stranger = newNumber();
        text(stranger, "who gets me?");
        var a = customers.add("Racer A", List.of(), true);
        var b = customers.add("Racer B", List.of(), true);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var tasks = new ArrayList<Callable<String>>();
            for (var c : List.of(a, b)) {
                tasks.add(() -> {
                    try {
                        triage.assign(stranger, c.id(), "staff-" + c.id());
                        return "won";
                    } catch (InvalidInputException e) {
                        return e.getMessage();
                    }
                });
            }
            var results = new ArrayList<String>();
            for (var f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            assertThat(results).containsOnlyOnce("won");
            assertThat(results).anyMatch(r -> r.startsWith("This number was just assigned to Racer"));
        } finally {
            pool.shutdown();
        }
        var owner = inbox.assignment(stranger).orElseThrow().customerId();
        assertThat(messages.thread(owner, Long.MAX_VALUE, 10)).hasSize(1);
        var other = owner == a.id() ? b : a;
        assertThat(messages.thread(other.id(), Long.MAX_VALUE, 10)).isEmpty();
        assertThat(customers.findById(other.id()).orElseThrow().phones()).isEmpty();
    }

    @Test
    void theInboxPagesBackwardsThroughOlderConversations() throws Exception {
        for (int i = 0; i < UnassignedNumbers.PAGE + 1; i++) {
            text(newNumber(), "paging " + i);
        }
        var first = html(get("/communication/messages").param("view", "unassigned"));
        assertThat(first).contains("Older conversations");
        var older = first.replaceAll(
                        "(?s).*href=\"(/communication/messages\\?view=unassigned&amp;before=\\d+)\".*", "$1")
                .replace("&amp;", "&");
        assertThat(html(get(older))).contains("Back to the newest");
    }

    @Test
    void suggestionsComeInOrderSameNumberThenNamedInATextThenRecentlyTexted() {
        var stranger = newNumber();
        var recent = customers.add("Recently Texted", List.of(newPhone()), true);
        outbox.queue(TextToGo.to(recent.id(), "See you at 9", Sender.person("dana")));
        var named = customers.add("Priya Suggest", List.of(), true);
        var sameNumber =
                customers.add("Abroad " + stranger, List.of(PhoneNumber.ofE164("+44" + stranger.substring(2))), true);
        text(stranger, "Hi, it's " + named.name() + ", about the leak");

        var conversation = inbox.conversation(stranger).orElseThrow();
        assertThat(likelyCustomers.of(conversation))
                .extracting(c -> c.id())
                .containsSubsequence(sameNumber.id(), named.id(), recent.id());
    }

    @Test
    void aNameCountsOnlyWhenCapitalisedAfterThePhrase() {
        var stranger = newNumber();
        text(stranger, "I'm running late, this is maria");
        text(stranger, "IT'S Tom Becker here");
        var conversation = inbox.conversation(stranger).orElseThrow();
        assertThat(LikelyCustomers.namesGiven(conversation)).containsExactly("Tom Becker");
    }

    @Test
    void aReplyCanGoToAnUnknownNumberButNotWithCustomerShortcodes() {
        var stranger = newNumber();
        text(stranger, "hello");
        assertThatThrownBy(() -> mvcReply(stranger, "Hi {{first_name}}")).hasMessageContaining("needs a customer");
    }

    @Test
    void aRefusedReplyToANamedSenderLandsUnderItsOwnConversation() throws Exception {
        var sender = "BANK-ALERT-" + TestCustomers.newPhone().e164().substring(8);
        text(sender, "Your code is 1234");
        var key = sender.replace("-", "");
        assertThat(html(get("/communication/messages").param("view", "unassigned")))
                .contains("id=\"reply-error-" + key + "\"");

        var answer = mvc.perform(post("/communication/messages/" + sender + "/reply")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf())
                        .header("HX-Request", "true")
                        .param("body", "Hi {{first_name}}"))
                .andReturn()
                .getResponse();
        assertThat(answer.getHeader("HX-Retarget")).isEqualTo("#reply-error-" + key);
    }

    @Test
    void theApiListsAssignsAndDismisses() throws Exception {
        var one = newNumber();
        var two = newNumber();
        text(one, "api one");
        text(two, "api two");
        var body = mvc.perform(get("/api/v1/inbox").with(Staff.admin()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body).contains(one).contains(two).contains("\"lastMessageAt\"");
        assertThat(body.indexOf(two)).isLessThan(body.indexOf(one)); // newest first

        var customer = customers.add("Api Assignee", List.of(), true);
        mvc.perform(post("/api/v1/inbox/" + one + "/assign")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"customerId\":" + customer.id() + "}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value(customer.id()));
        mvc.perform(post("/api/v1/inbox/" + two + "/dismiss").with(Staff.admin()))
                .andExpect(status().isUnsupportedMediaType()); // as a form another site could post
        mvc.perform(post("/api/v1/inbox/" + two + "/dismiss")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/inbox/+19999999999/dismiss")
                        .with(Staff.admin())
                        .header("X-Requested-With", "integration"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/inbox/" + newNumber() + "/assign")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"customerId\":" + customer.id() + "}"))
                .andExpect(status().isNotFound());
        var after = mvc.perform(get("/api/v1/inbox").with(Staff.admin()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(after).doesNotContain(one).doesNotContain(two);
    }

    private void mvcReply(String phone, String body) {
        throw new InvalidInputException(assertThrows(phone, body));
    }

    @Autowired
    Outbox outbox;

    @Autowired
    LikelyCustomers likelyCustomers;

    private String assertThrows(String phone, String body) {
        try {
            outbox.queueToNumber(phone, body, Sender.person("dana"));
            return "queued";
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    private String html(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private Message text(String from, String body) {
        return intake.receive(new IncomingText(
                        "SM" + UUID.randomUUID().toString().replace("-", ""),
                        from,
                        "+14155550100",
                        body,
                        List.of(),
                        null))
                .orElseThrow();
    }

    private static PhoneNumber newPhone() {
        return TestCustomers.newPhone();
    }

    private static String newNumber() {
        return TestCustomers.newPhone().e164();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now();
    }
}
